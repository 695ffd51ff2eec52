// validate() on scenarios built in code, as a command does after applying its flags.
#include <gtest/gtest.h>

#include <algorithm>

#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::scenarios {
namespace {

Scenario valid_url_scenario() {
  Scenario s;
  s.name = "code";
  s.source_file = "code.yaml";
  s.target.kind = TargetKind::url;
  s.target.url = "https://api.example.com";
  s.target.allow_hosts = {"api.example.com"};
  FunctionSpec f;
  f.name = "list-orders";
  f.route = "/orders";
  f.provider = "aws-lambda";
  f.arch = "arm64";
  f.memory_mb = 512;
  f.timeout_ms = 3000;
  BaselineRequest baseline;
  baseline.request.target = "/orders?x=1";
  f.baseline.push_back(baseline);
  s.functions.push_back(f);
  LoadPlan load;
  load.stages = {{StageKind::constant, 10, 10, 30}};
  s.load = load;
  return s;
}

std::vector<std::string> fields_of(const std::vector<Problem>& problems) {
  std::vector<std::string> fields;
  for (const Problem& p : problems) fields.push_back(p.where.field);
  return fields;
}

TEST(validate_test, valid_scenario_has_no_problems) {
  EXPECT_TRUE(validate(valid_url_scenario()).empty());
}

TEST(validate_test, memory_and_timeout_follow_the_provider) {
  struct Case {
    const char* provider;
    unsigned memory_mb;
    unsigned timeout_ms;
    bool ok;
  } cases[] = {
      {"aws-lambda", 128, 900'000, true},
      {"aws-lambda", 127, 1000, false},
      {"aws-lambda", 10240, 1000, true},
      {"aws-lambda", 10241, 1000, false},
      {"aws-lambda", 512, 900'001, false},
      {"gcp-cloud-functions-gen1", 256, 1000, true},
      {"gcp-cloud-functions-gen1", 300, 1000, false},  // only fixed sizes in 1st gen
      {"azure-functions-consumption", 2048, 1000, false},
      {"azure-functions-flex", 2048, 1000, true},
      {"azure-functions-flex", 1024, 1000, false},
      {"cloudflare-workers", 128, 300'000, true},
      {"cloudflare-workers", 256, 1000, false},
  };
  for (const Case& c : cases) {
    Scenario s = valid_url_scenario();
    s.functions[0].provider = c.provider;
    s.functions[0].arch = "x86_64";
    s.functions[0].memory_mb = c.memory_mb;
    s.functions[0].timeout_ms = c.timeout_ms;
    EXPECT_EQ(validate(s).empty(), c.ok)
        << c.provider << " " << c.memory_mb << " MB " << c.timeout_ms << " ms";
  }
}

TEST(validate_test, arm64_only_where_the_provider_offers_it) {
  Scenario s = valid_url_scenario();
  s.functions[0].provider = "cloudflare-workers";
  s.functions[0].memory_mb = 128;
  auto problems = validate(s);
  ASSERT_EQ(fields_of(problems), std::vector<std::string>{"functions[0].arch"});
}

TEST(validate_test, every_stage_needs_a_duration_and_a_rate) {
  Scenario s = valid_url_scenario();
  s.load->stages = {
      {StageKind::ramp, 0, 50, 0}, {StageKind::constant, 0, 0, 10}, {StageKind::ramp, 0, 0, 5}};
  EXPECT_EQ(fields_of(validate(s)),
            (std::vector<std::string>{"load.stages[0].duration_s", "load.stages[1].rate",
                                      "load.stages[2].to_rate"}));
}

TEST(validate_test, caps_must_cover_the_planned_stages) {
  Scenario s = valid_url_scenario();
  s.load->stages = {{StageKind::ramp, 0, 100, 10}};  // 500 requests over 10 s
  s.load->max_requests = 500;
  s.load->max_duration_s = 10;
  EXPECT_TRUE(validate(s).empty());
  s.load->max_requests = 499;
  s.load->max_duration_s = 9.5;
  EXPECT_EQ(fields_of(validate(s)),
            (std::vector<std::string>{"load.max_duration_s", "load.max_requests"}));
}

TEST(validate_test, weights_must_not_be_negative_or_all_zero) {
  Scenario s = valid_url_scenario();
  s.load->mix = {0, 0, 0, 0, 0, 0};
  EXPECT_EQ(fields_of(validate(s)), std::vector<std::string>{"load.mix"});
  s.load->mix.slow = -1;
  EXPECT_EQ(fields_of(validate(s)), std::vector<std::string>{"load.mix.slow"});
  s.load->mix = {0, 0, 0, 0, 0.5, 0};
  EXPECT_TRUE(validate(s).empty()) << "only findings, no baseline, is a valid mix";
}

TEST(validate_test, url_host_must_be_allowed_and_flag_changes_are_rechecked) {
  Scenario s = valid_url_scenario();
  s.target.url = "https://prod.example.com";  // as if replay --target had changed it
  auto problems = validate(s);
  ASSERT_EQ(fields_of(problems), std::vector<std::string>{"target.allow_hosts"});
  EXPECT_NE(problems[0].message.find("prod.example.com"), std::string::npos);
  s.target.allow_hosts = {"*.example.com"};
  EXPECT_TRUE(validate(s).empty());
  s.target.allow_hosts = {"https://prod.example.com"};
  EXPECT_EQ(fields_of(validate(s)),
            (std::vector<std::string>{"target.allow_hosts[0]", "target.allow_hosts"}));
}

TEST(validate_test, url_functions_need_routes_and_baselines_that_match_them) {
  Scenario s = valid_url_scenario();
  s.functions[0].baseline[0].request.target = "/other";
  s.functions.push_back(s.functions[0]);
  s.functions[1].route.clear();
  s.functions[1].baseline.clear();
  EXPECT_EQ(fields_of(validate(s)),
            (std::vector<std::string>{"functions[0].baseline[0]", "functions[1].name",
                                      "functions[1].route", "functions[1].baseline"}));
}

TEST(validate_test, fuzz_plan_consistency) {
  Scenario s;
  s.name = "b";
  FuzzPlan fuzz;
  fuzz.slow_threshold = {std::nullopt, std::nullopt};
  fuzz.jobs = 0;
  fuzz.memory_limit_mb = 256;
  fuzz.handlers = {"list-orders", "nope", "list-orders"};
  s.fuzz = fuzz;
  FunctionSpec big;
  big.name = "list-orders";
  big.provider = "aws-lambda";
  big.arch = "x86_64";
  big.memory_mb = 512;
  s.functions.push_back(big);
  LoadOptions options;
  options.known_handlers = {"list-orders", "signup"};
  EXPECT_EQ(fields_of(validate(s, options)),
            (std::vector<std::string>{"fuzz.jobs", "fuzz.slow_threshold", "fuzz.memory_limit_mb",
                                      "fuzz.handlers[1]", "fuzz.handlers[2]"}));
}

TEST(validate_test, p99_gate_needs_a_load_test) {
  Scenario s;
  s.name = "g";
  s.gates.max_p99_ms = 500;
  EXPECT_EQ(fields_of(validate(s)), std::vector<std::string>{"gates.max_p99_ms"});
}

TEST(validate_test, name_must_be_usable_as_a_directory) {
  for (const char* bad : {"", "..", "a/b", "with space"}) {
    Scenario s;
    s.name = bad;
    EXPECT_EQ(fields_of(validate(s)), std::vector<std::string>{"name"}) << bad;
  }
}

TEST(validate_test, url_target_fuzzing_elsewhere_than_loopback_needs_a_rate_cap_and_a_budget) {
  Scenario s = valid_url_scenario();
  s.fuzz = FuzzPlan{};
  auto fields = fields_of(validate(s));
  EXPECT_NE(std::find(fields.begin(), fields.end(), "fuzz.max_rps"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "fuzz.spend_budget_usd"), fields.end());
  s.fuzz->max_rps = 20;
  s.fuzz->spend_budget_usd = 1;
  EXPECT_TRUE(validate(s).empty());
  s.fuzz->max_rps = 0;
  fields = fields_of(validate(s));
  EXPECT_EQ(fields, std::vector<std::string>{"fuzz.max_rps"});
}

TEST(validate_test, url_target_on_loopback_is_fuzzed_without_a_cap) {
  Scenario s = valid_url_scenario();
  s.target.url = "http://127.0.0.1:8080";
  s.target.allow_hosts.clear();
  s.fuzz = FuzzPlan{};
  EXPECT_TRUE(validate(s).empty());
}

}  // namespace
}  // namespace walletfuzz::scenarios
