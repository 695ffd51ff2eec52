// The run plan: every scenario field reaches the stage that uses it, each function keeps its own
// configuration, and replay says when the findings the mix asks for are missing.
#include "walletfuzz/plan/run_plan.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/sample_app/app.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::plan {
namespace {

namespace fs = std::filesystem;
namespace sc = walletfuzz::scenarios;

class run_plan : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WALLETFUZZ_BINARY_DIR) / "test-work" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  // A bundled-target scenario written into the test's directory, built into a plan.
  RunPlan plan_of(const std::string& yaml, const PlanOverrides& overrides = {}) {
    const sc::Scenario s = sc::load_scenario_from_string(
        yaml, dir_ / "scenario.yaml", {.known_handlers = sample_app_handler_names()});
    return build_run_plan(s, &handlers_, overrides);
  }

  HandlerRegistry app_ = make_sample_app(SampleAppVariant::vulnerable);
  AppHandlers handlers_ = fuzzers::describe_handlers(app_);  // as the app's list mode gives them
  fs::path dir_;
};

const char* const demo_like = R"(
name: t
target: {bundled: vulnerable}
fuzz:
  time_budget_s: 30
  jobs: 2
  execs_per_handler: 5000
  slow_threshold: {ratio: 8, ms: 250}
  memory_limit_mb: 1024
  max_input_bytes: 4096
  corpus_dir: corp
  seed: 7
  handlers: [signup, import-contacts]
load:
  stages:
    - {kind: ramp, from_rate: 5, to_rate: 40, duration_s: 5}
    - {kind: constant, rate: 40, duration_s: 10}
  mix: {baseline: 4, crash: 1, timeout: 0, oom: 0, slow: 2, leak: 0}
  connections: 8
  threads: 2
  max_requests: 900
  max_duration_s: 30
  request_timeout_ms: 2500
  spend_budget_usd: 0.5
  price_per_request_usd: 0.000003
pricing:
  provider: aws-lambda
  arch: arm64
  free_tier: true
  addons: [aws-api-gateway-http]
  overrides:
    aws-lambda.meters.requests.tiers[0].usd: 0.4
gates:
  no_new_crash: true
  max_amplification: 50
  max_cost_per_million_usd: 3
  max_p99_ms: 900
  max_attacker_spend: {usd_per_hour: 2, at_rate_rps: 250}
output: {run_dir: out/t, history: true}
)";

TEST_F(run_plan, every_app_handler_is_a_function_at_its_own_settings) {
  const RunPlan plan = plan_of("target: {bundled: vulnerable}\npricing: {arch: arm64}\n");
  ASSERT_EQ(plan.functions.size(), app_.handlers().size());
  for (const HandlerSpec& h : app_.handlers()) {
    const FunctionPlan* f = plan.function(h.name);
    ASSERT_NE(f, nullptr) << h.name;
    EXPECT_EQ(f->config.memory_mb, h.settings.memory_mb) << h.name;
    EXPECT_EQ(*f->config.timeout_s, std::chrono::duration<double>(h.settings.timeout).count());
    EXPECT_EQ(f->config.arch, "arm64");
    EXPECT_EQ(f->route, h.route);
    EXPECT_EQ(f->method, h.method);
    EXPECT_EQ(f->baseline.size(), h.baseline_requests.size()) << h.name;
  }
  EXPECT_EQ(plan.function("import-contacts")->config.memory_mb, 512);
  EXPECT_FALSE(plan.fuzz);
  EXPECT_FALSE(plan.load);
}

TEST_F(run_plan, listed_functions_override_the_handlers_settings) {
  const RunPlan plan = plan_of(R"(
target: {bundled: vulnerable}
functions:
  - {name: list-orders, memory_mb: 1024, timeout_ms: 6000, reserved_concurrency: 5}
  - {name: signup, arch: x86_64}
pricing: {arch: arm64}
)");
  ASSERT_EQ(plan.functions.size(), 2u);
  const FunctionPlan& orders = plan.functions[0];
  EXPECT_EQ(orders.config.memory_mb, 1024);
  EXPECT_EQ(*orders.config.timeout_s, 6.0);
  EXPECT_EQ(orders.reserved_concurrency, 5);
  EXPECT_EQ(orders.route, app_.find("list-orders")->route);  // the app's own route
  EXPECT_EQ(orders.config.origin.field, "functions[0]");
  EXPECT_EQ(plan.functions[1].config.arch, "x86_64");
  EXPECT_EQ(plan.functions[1].config.memory_mb, app_.find("signup")->settings.memory_mb);
  // Requests route to their function by method and path.
  Request r;
  r.method = orders.method == "*" ? "GET" : orders.method;
  r.target = orders.route + "?customer_id=1";
  EXPECT_EQ(plan.function_for(r), &plan.functions[0]);
}

TEST_F(run_plan, fuzz_fields_reach_the_campaign) {
  const RunPlan plan = plan_of(demo_like);
  ASSERT_TRUE(plan.fuzz);
  const fuzzers::CampaignOptions& c = plan.fuzz->campaign;
  EXPECT_EQ(c.run_dir, dir_ / "out/t");
  EXPECT_EQ(c.corpus_dir, dir_ / "corp");
  EXPECT_EQ(c.handlers, (std::vector<std::string>{"signup", "import-contacts"}));
  EXPECT_EQ(c.time_budget_s, 30);
  EXPECT_EQ(c.jobs, 2u);
  EXPECT_EQ(c.execs_per_handler, 5000u);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.rss_limit_mb, 1024u);
  EXPECT_EQ(c.slow_ratio, 8);
  EXPECT_EQ(c.slow_ms, 250);
  EXPECT_EQ(c.max_len, 4096u);
  EXPECT_EQ(plan.fuzz->variant, sc::SampleVariant::vulnerable);
  // Flags override the scenario.
  const RunPlan flagged = plan_of(
      demo_like, {.run_dir = dir_ / "elsewhere", .fuzz_time_s = 5, .fuzz_jobs = 1, .fuzz_seed = 3});
  EXPECT_EQ(flagged.fuzz->campaign.run_dir, dir_ / "elsewhere");
  EXPECT_EQ(flagged.fuzz->campaign.time_budget_s, 5);
  EXPECT_EQ(flagged.fuzz->campaign.jobs, 1u);
  EXPECT_EQ(flagged.fuzz->campaign.seed, 3u);
}

TEST_F(run_plan, fuzz_handlers_default_to_the_listed_functions_and_are_checked) {
  const RunPlan plan = plan_of(
      "target: {bundled: vulnerable}\nfunctions: [{name: signup, memory_mb: 512}]\nfuzz: {}\n");
  EXPECT_EQ(plan.fuzz->campaign.handlers, std::vector<std::string>{"signup"});
  EXPECT_EQ(plan.fuzz->function_settings.size(), 1u);
  EXPECT_EQ(plan.fuzz->function_settings[0].memory_mb, 512u);
  const sc::Scenario s = sc::load_scenario_from_string(
      "target: {bundled: vulnerable}\nfuzz: {handlers: [nope]}\n", dir_ / "s.yaml");
  EXPECT_THROW(build_run_plan(s, &handlers_), InputError);
}

TEST_F(run_plan, load_fields_reach_the_load_plan) {
  const RunPlan plan = plan_of(demo_like);
  ASSERT_TRUE(plan.load);
  const loadgen::LoadPlan& lp = plan.load->load;
  ASSERT_EQ(lp.stages.size(), 2u);
  EXPECT_EQ(lp.stages[0].kind, loadgen::StageKind::ramp);
  EXPECT_EQ(lp.stages[0].start_rate, 5);
  EXPECT_EQ(lp.stages[0].end_rate, 40);
  EXPECT_EQ(lp.stages[1].duration, std::chrono::seconds(10));
  EXPECT_EQ(lp.connections, 8u);
  EXPECT_EQ(lp.threads, 2u);
  EXPECT_EQ(lp.max_requests, 900u);
  EXPECT_EQ(lp.max_duration, std::chrono::seconds(30));
  EXPECT_EQ(lp.request_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(plan.load->spend_budget_usd, 0.5);
  EXPECT_EQ(plan.load->price_per_request_usd, 0.000003);
  EXPECT_EQ(plan.load->mix.slow, 2);
  EXPECT_TRUE(plan.load->wants_findings());
  // Every handler's baselines share the baseline weight.
  double weight = 0;
  for (const auto& c : lp.classes) {
    EXPECT_EQ(c.kind, "baseline");
    EXPECT_NE(plan.function(c.handler), nullptr);
    weight += c.weight;
  }
  EXPECT_NEAR(weight, 4.0, 1e-9);
  EXPECT_NE(std::find(lp.allowed_hosts.begin(), lp.allowed_hosts.end(), "127.0.0.1"),
            lp.allowed_hosts.end());
  // The findings replay reads are this run's own: in the plan's run directory.
  EXPECT_EQ(plan.load->findings_file, dir_ / "out/t" / "findings.json");
  const RunPlan moved = plan_of(demo_like, {.run_dir = dir_ / "other"});
  EXPECT_EQ(moved.load->findings_file, dir_ / "other" / "findings.json");
}

TEST_F(run_plan, pricing_fields_reach_every_function_and_the_cost_stage) {
  const RunPlan plan = plan_of(demo_like);
  EXPECT_TRUE(plan.pricing.free_tier);
  EXPECT_EQ(plan.pricing.addons, std::vector<std::string>{"aws-api-gateway-http"});
  for (const auto& f : plan.functions) {
    EXPECT_TRUE(f.config.free_tier);
    EXPECT_EQ(f.config.addons, plan.pricing.addons);
  }
  // The override reaches the catalog the stages price with.
  const auto catalog = plan.pricing.catalog();
  const auto& meters = catalog.sheet("aws-lambda", {}).meters;
  const auto requests = std::find_if(meters.begin(), meters.end(),
                                     [](const cost_model::Meter& m) { return m.id == "requests"; });
  ASSERT_NE(requests, meters.end());
  EXPECT_EQ(requests->tiers.front().usd, 0.4);
  const cost_model::CostRunOptions cost = plan.cost_options();
  EXPECT_EQ(cost.run_dir, plan.run_dir);
  EXPECT_EQ(cost.attack_rate_rps, 250);  // the spend gate's rate
  ASSERT_TRUE(cost.functions.contains("import-contacts"));
  EXPECT_EQ(cost.functions.at("import-contacts").config.memory_mb, 512);
  EXPECT_EQ(cost.function.arch, "arm64");
}

TEST_F(run_plan, declared_traffic_and_mitigations_reach_the_cost_stage) {
  const RunPlan plan = plan_of(
      "target: {bundled: vulnerable}\npricing:\n  traffic:\n"
      "    signup: {requests_per_second: 3}\n  mitigations: {reserved_concurrency: 7}\n");
  const cost_model::CostRunOptions cost = plan.cost_options();
  ASSERT_TRUE(cost.functions.at("signup").traffic.has_value());
  EXPECT_EQ(cost.functions.at("signup").traffic->source,
            cost_model::DeclaredTraffic::Source::requests_per_second);
  EXPECT_EQ(cost.functions.at("signup").traffic->value, 3);
  EXPECT_FALSE(cost.functions.at("import-contacts").traffic.has_value());
  EXPECT_EQ(cost.mitigations.reserved_concurrency, 7);
  EXPECT_FALSE(cost.mitigations.timeout_ms.has_value());
  try {
    plan_of(
        "target: {bundled: vulnerable}\npricing:\n  traffic:\n"
        "    nobody: {requests_per_month: 5}\n");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 4);
  }
}

TEST_F(run_plan, a_bad_pricing_setting_stops_the_plan_at_its_line) {
  const std::string yaml = "target: {bundled: vulnerable}\npricing:\n  addons: [no-such-sheet]\n";
  try {
    plan_of(yaml);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, (dir_ / "scenario.yaml").string());
  }
  EXPECT_THROW(plan_of("target: {bundled: vulnerable}\npricing:\n  overrides:\n"
                       "    aws-lambda.meters.nope: 1\n"),
               InputError);
}

TEST_F(run_plan, gates_and_output_reach_the_report) {
  const RunPlan plan = plan_of(demo_like);
  const reports::GateConfig& g = plan.report.gates;
  EXPECT_TRUE(g.no_new_crashes);
  EXPECT_FALSE(g.no_new_leaks);
  EXPECT_EQ(g.max_amplification, 50);
  EXPECT_EQ(g.max_cost_per_million_usd, 3);
  EXPECT_EQ(g.max_p99_ms, 900);
  EXPECT_EQ(g.max_attack_usd_per_hour, 2);
  EXPECT_EQ(g.attack_rate_rps, 250);
  EXPECT_TRUE(plan.report.use_history);
  EXPECT_EQ(plan.run_dir, dir_ / "out/t");
  EXPECT_EQ(plan.findings_file(), dir_ / "out/t/findings.json");
  EXPECT_EQ(plan.report_log_dir(), dir_ / "out/t/lambda-report");
}

TEST_F(run_plan, replay_says_when_the_findings_the_mix_wants_are_missing) {
  const RunPlan plan = plan_of(demo_like);
  const ReplayClasses classes = replay_classes(plan);
  ASSERT_TRUE(classes.missing_findings);
  EXPECT_NE(classes.missing_findings->find((plan.run_dir / "findings.json").string()),
            std::string::npos);
  EXPECT_EQ(classes.classes.size(), plan.load->load.classes.size());  // baselines only
  // A mix without findings weight wants none: nothing to say.
  std::string baseline_only = demo_like;
  baseline_only.replace(baseline_only.find("crash: 1"), 8, "crash: 0");
  baseline_only.replace(baseline_only.find("slow: 2"), 7, "slow: 0");
  EXPECT_FALSE(replay_classes(plan_of(baseline_only)).missing_findings);
}

TEST_F(run_plan, replay_reads_the_findings_in_the_plans_run_directory) {
  const RunPlan plan = plan_of(demo_like, {.run_dir = dir_ / "run"});
  write_file_atomically(dir_ / "run/findings/import-contacts/slow-1.http",
                        "POST /contacts/import HTTP/1.1\r\nHost: x\r\n\r\n");
  write_file_atomically(dir_ / "run/findings.json", R"({"schema":"walletfuzz.findings/1",
    "findings":[{"id":"slow-1","kind":"slow","handler":"import-contacts",
                 "file":"findings/import-contacts/slow-1.http",
                 "cost":{"baseline_median_ns":4000000}},
                {"id":"leak-1","kind":"leak","handler":"get-config",
                 "file":"findings/none.http"}]})");
  const ReplayClasses classes = replay_classes(plan);
  EXPECT_FALSE(classes.missing_findings);
  ASSERT_EQ(classes.classes.size(), plan.load->load.classes.size() + 1);  // leak weight is 0
  const loadgen::RequestClass& slow = classes.classes.back();
  EXPECT_EQ(slow.name, "finding:slow-1");
  EXPECT_EQ(slow.weight, 2);
  EXPECT_EQ(classes.baseline_median_ms.at("import-contacts"), 4.0);
  // The spend estimate prices the finding at its own function: 512 MB, its 5 s timeout.
  const auto pricing = price_classes(plan, classes.classes, classes.baseline_median_ms, {});
  EXPECT_EQ(pricing.back().function.memory_mb, 512);
  EXPECT_FALSE(pricing.back().duration_ms);
}

TEST_F(run_plan, the_cost_stage_prices_a_512_mb_functions_class_at_512_mb) {
  const RunPlan plan = plan_of("target: {bundled: vulnerable}\n", {.run_dir = dir_ / "run"});
  formats::LoadResult load;
  load.target = "http://127.0.0.1:1";
  for (const char* handler : {"import-contacts", "get-config"}) {
    formats::ClassResult c;
    c.name = std::string("baseline:") + handler;
    c.handler = handler;
    c.stats.scheduled = c.stats.sent = c.stats.responses = 10;
    c.stats.status[200] = 10;
    c.stats.latency.record_n(100'000'000, 10);  // 10 requests of 100 ms
    c.stats.latency_uncorrected.record_n(100'000'000, 10);
    load.classes.push_back(std::move(c));
  }
  formats::write_load_file(dir_ / "run/load.json", load);
  const auto result = cost_model::run_cost(plan.pricing.catalog(), plan.cost_options());
  const auto doc = boost::json::parse(result.json_text).as_object();
  const auto& classes = doc.at("classes").as_array();
  ASSERT_EQ(classes.size(), 2u);
  EXPECT_EQ(classes[0].at("memory_mb").as_double(), 512.0);
  EXPECT_EQ(classes[1].at("memory_mb").as_double(), 128.0);
  // Four times the memory for the same duration: four times the duration price (the request
  // fee, $0.20 per million, is the same).
  const double fee = 0.2e-6;
  EXPECT_NEAR(classes[0].at("cost_per_request_usd").as_double() - fee,
              4 * (classes[1].at("cost_per_request_usd").as_double() - fee), 1e-12);
}

}  // namespace
}  // namespace walletfuzz::plan
