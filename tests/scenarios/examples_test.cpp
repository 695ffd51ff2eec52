// The shipped example scenarios load without a problem and mean what their comments say.
#include <gtest/gtest.h>

#include <filesystem>

#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/sample_app/app.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::scenarios {
namespace {

const std::filesystem::path kExamples = std::filesystem::path(WALLETFUZZ_SOURCE_DIR) / "scenarios";

// The sample app's handler names, as documented in sample_app/README.md.
LoadOptions sample_app_options() {
  LoadOptions options;
  options.known_handlers = {"create-payment", "get-config",     "import-contacts", "import-events",
                            "list-orders",    "shipping-quote", "signup"};
  return options;
}

Scenario load_example(const char* name) {
  try {
    return load_scenario(kExamples / name, sample_app_options());
  } catch (const ScenarioError& e) {
    ADD_FAILURE() << e.what();
    return {};
  }
}

double total_stage_seconds(const LoadPlan& load) {
  double total = 0;
  for (const LoadStage& stage : load.stages) total += stage.duration_s;
  return total;
}

TEST(examples_test, demo_runs_the_bundled_app_in_a_few_minutes) {
  Scenario demo = load_example("demo.yaml");
  EXPECT_EQ(demo.name, "demo");
  EXPECT_EQ(demo.target.kind, TargetKind::bundled);
  EXPECT_EQ(demo.target.variant, SampleVariant::vulnerable);
  ASSERT_TRUE(demo.fuzz && demo.load);
  // "A few minutes on 2 cores": fuzzing and load together well under 3 minutes of budget.
  EXPECT_LE(demo.fuzz->jobs, 2u);
  EXPECT_LE(demo.fuzz->time_budget_s + total_stage_seconds(*demo.load), 180);
  EXPECT_TRUE(demo.fuzz->handlers.empty()) << "the demo fuzzes every handler";
  ASSERT_EQ(demo.load->stages.size(), 3u);
  EXPECT_EQ(demo.load->stages[0].kind, StageKind::ramp);
  EXPECT_EQ(demo.load->stages[0].from_rate, 5);
  EXPECT_EQ(demo.load->stages[0].to_rate, 40);
  EXPECT_EQ(demo.load->stages[2].kind, StageKind::spike);
  EXPECT_EQ(demo.load->stages[2].from_rate, demo.load->stages[2].to_rate);
  EXPECT_TRUE(demo.gates.no_new_crash);
  EXPECT_TRUE(demo.gates.max_attacker_spend.has_value());
  // Defaults that depend on the name, relative to the current directory.
  EXPECT_EQ(demo.output.run_dir, std::filesystem::path("runs/demo"));
  EXPECT_EQ(demo.fuzz->corpus_dir, std::filesystem::path("corpus/demo"));
  // Without a functions section the run uses every handler of the app with its own settings.
  EXPECT_TRUE(demo.functions.empty());
}

TEST(examples_test, nightly_fuzzes_long_with_history_and_gates) {
  Scenario nightly = load_example("nightly.yaml");
  ASSERT_TRUE(nightly.fuzz);
  EXPECT_GE(nightly.fuzz->time_budget_s, 1800);
  EXPECT_TRUE(nightly.output.history);
  EXPECT_TRUE(nightly.gates.no_new_crash && nightly.gates.no_new_leak);
  EXPECT_EQ(nightly.fuzz->slow_threshold.ratio, 10);
  EXPECT_EQ(nightly.fuzz->slow_threshold.ms, 1000);
  EXPECT_GT(nightly.fuzz->max_input_bytes,
            FuzzPlan{}.max_input_bytes);  // a night has time for big inputs
  // Written paths resolve against the scenario's directory: scenarios/../corpus/nightly.
  EXPECT_EQ(nightly.fuzz->corpus_dir, (kExamples / "../corpus/nightly").lexically_normal());
  EXPECT_EQ(nightly.output.run_dir, (kExamples / "../runs/nightly").lexically_normal());
  // The ramp has no from_rate: it starts from 0, as the first stage.
  EXPECT_EQ(nightly.load->stages[0].from_rate, 0);
}

TEST(examples_test, prerelease_targets_staging_within_an_allowlist_and_budget) {
  Scenario pre = load_example("prerelease.yaml");
  EXPECT_EQ(pre.target.kind, TargetKind::url);
  EXPECT_EQ(pre.target.scheme, "https");
  EXPECT_EQ(pre.target.host, "staging.shop.example.com");
  EXPECT_EQ(pre.target.port, 443u);
  EXPECT_EQ(pre.target.base_path, "/api");
  EXPECT_TRUE(is_host_allowed(pre.target.allow_hosts, pre.target.host));
  EXPECT_FALSE(pre.fuzz.has_value()) << "a url target is load-tested, not fuzzed";
  ASSERT_TRUE(pre.load);
  EXPECT_GT(pre.load->spend_budget_usd, 0);
  EXPECT_EQ(pre.load->findings_from, (kExamples / "../runs/nightly").lexically_normal());

  ASSERT_EQ(pre.functions.size(), 4u);
  const FunctionSpec& orders = pre.functions[0];
  ASSERT_EQ(orders.baseline.size(), 2u);
  EXPECT_EQ(orders.baseline[0].request.method, "GET");
  EXPECT_EQ(orders.baseline[0].request.target, "/orders?customer_id=c_1042");
  EXPECT_TRUE(orders.baseline[0].file.empty());

  // A request file is read and parsed; its resolved path is kept.
  const FunctionSpec& payment = pre.functions[1];
  ASSERT_EQ(payment.baseline.size(), 1u);
  EXPECT_EQ(payment.baseline[0].file, kExamples / "requests/create-payment.http");
  EXPECT_EQ(payment.baseline[0].request,
            load_request_file(kExamples / "requests/create-payment.http"));
  EXPECT_EQ(payment.reserved_concurrency, 100u);

  // The map form: method, path, headers and body.
  const Request& quote = pre.functions[2].baseline[0].request;
  EXPECT_EQ(quote.method, "POST");
  EXPECT_EQ(quote.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(quote.body.substr(0, 14), R"({"weight_kg":2)");

  // Unset settings of a deployed function are the provider's defaults; arch falls back to pricing.
  const FunctionSpec& signup = pre.functions[3];
  EXPECT_EQ(signup.arch, "x86_64");
  EXPECT_EQ(pre.functions[0].arch, "arm64");
  EXPECT_EQ(signup.memory_mb, 128u);
  EXPECT_EQ(signup.timeout_ms, 3000u);
  EXPECT_EQ(signup.provider, "aws-lambda");

  ASSERT_EQ(pre.pricing.overrides.size(), 1u);
  EXPECT_EQ(pre.pricing.overrides[0].key, "aws-lambda.meters.duration-arm64.tiers[0].usd");
  EXPECT_EQ(pre.pricing.overrides[0].value, "0.000012");
  Location where = locate(pre, "pricing.overrides." + pre.pricing.overrides[0].key);
  EXPECT_GT(where.line, 0);
}

TEST(examples_test, examples_pass_validate_again_after_loading) {
  for (const char* name : {"demo.yaml", "nightly.yaml", "prerelease.yaml"}) {
    Scenario scenario = load_example(name);
    EXPECT_TRUE(validate(scenario, sample_app_options()).empty()) << name;
  }
}

}  // namespace
}  // namespace walletfuzz::scenarios
