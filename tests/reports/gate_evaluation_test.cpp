#include <gtest/gtest.h>

#include "report_test_support.hpp"
#include "walletfuzz/reports/gates.hpp"
#include "walletfuzz/reports/spend_projection.hpp"

namespace walletfuzz::reports {
namespace {

const GateResult& gate(const GateVerdict& verdict, const std::string& id) {
  for (const GateResult& result : verdict.results) {
    if (result.id == id) return result;
  }
  throw std::runtime_error("no gate " + id);
}

class gate_evaluation_test : public ::testing::Test {
 protected:
  RunData run = load_run_data(testing::fixture_runs() / "run-1");
  RunComparison first_run = compare_runs(nullptr, snapshot_of("run-1", run));
};

TEST_F(gate_evaluation_test, defaults_check_only_new_crashes_and_leaks) {
  GateVerdict verdict = evaluate_gates(GateConfig{}, run, first_run);
  ASSERT_EQ(verdict.results.size(), 8u) << "every gate is reported, configured or not";
  EXPECT_FALSE(gate(verdict, "no_new_crashes").passed);
  EXPECT_EQ(gate(verdict, "no_new_crashes").offenders, std::vector<std::string>{"crash-77aa0b1c"});
  // The leak finding, plus the replay of normal traffic is clean: only the finding counts.
  EXPECT_EQ(gate(verdict, "no_new_leaks").offenders, std::vector<std::string>{"leak-12cd34ef"});
  EXPECT_FALSE(gate(verdict, "max_amplification").enabled);
  EXPECT_TRUE(gate(verdict, "max_amplification").passed);
  EXPECT_EQ(verdict.exit_code(), 1);
  EXPECT_EQ(verdict.failed_count(), 2u);
}

TEST_F(gate_evaluation_test, allowlisted_leaks_do_not_fail_the_gate_but_stay_counted) {
  GateConfig config;
  config.no_new_crashes = false;
  // Another function's leak is not accepted by an entry naming this rule for "orders" only.
  config.leak_allowlist.entries.push_back({.rule = "aws-access-key-id", .function = "orders"});
  EXPECT_FALSE(gate(evaluate_gates(config, run, first_run), "no_new_leaks").passed);
  config.leak_allowlist.entries.push_back(
      {.rule = "aws-*", .function = "debug-info", .reason = "example key, ticket 12"});
  const auto results = evaluate_gates(config, run, first_run);
  const GateResult& leaks = gate(results, "no_new_leaks");
  EXPECT_TRUE(leaks.passed);
  EXPECT_TRUE(leaks.offenders.empty());
  EXPECT_NE(leaks.detail.find("1 more accepted by the leak allowlist"), std::string::npos)
      << leaks.detail;
  EXPECT_EQ(run.findings.size(), load_run_data(testing::fixture_runs() / "run-1").findings.size());
}

TEST_F(gate_evaluation_test, findings_seen_in_the_previous_run_are_not_new) {
  RunSnapshot previous = snapshot_of("run-0", run);
  RunComparison comparison = compare_runs(&previous, snapshot_of("run-1", run));
  GateVerdict verdict = evaluate_gates(GateConfig{}, run, comparison);
  EXPECT_TRUE(verdict.passed());
  EXPECT_EQ(verdict.exit_code(), 0);
}

TEST_F(gate_evaluation_test, thresholds_from_the_fixture_numbers) {
  GateConfig config;
  config.no_new_crashes = false;
  config.no_new_leaks = false;
  config.max_amplification = 20000;      // slow 19,973.2 passes; timeout 65,000 fails
  config.max_cost_per_million_usd = 10;  // timeout $20.20 per 1M fails; slow $7.80 passes
  config.max_p99_ms = 2000;              // timeout class p99 ~3,001.5 ms fails; slow 1,850 passes
  config.max_attack_usd_per_hour = 5;    // timeout: 20.2e-6 $ x 100/s x 3600 s = $7.272 fails
  GateVerdict verdict = evaluate_gates(config, run, first_run);

  const GateResult& amplification = gate(verdict, "max_amplification");
  EXPECT_FALSE(amplification.passed);
  EXPECT_DOUBLE_EQ(*amplification.measured, 65000.0);
  EXPECT_EQ(amplification.offenders, std::vector<std::string>{"timeout-9e01aa02"});

  const GateResult& cost = gate(verdict, "max_cost_per_million");
  EXPECT_DOUBLE_EQ(*cost.measured, 20.2);
  EXPECT_EQ(cost.offenders, std::vector<std::string>{"finding:timeout-9e01aa02"});

  const GateResult& p99 = gate(verdict, "max_p99_latency");
  // Percentiles come from load.json's histogram: within its 0.4% bucket precision (the
  // fixture's histogram spreads values between the percentiles it was made from).
  EXPECT_NEAR(*p99.measured, 3001.5, 3001.5 * 0.005);
  EXPECT_EQ(p99.offenders, std::vector<std::string>{"finding:timeout-9e01aa02"});

  const GateResult& spend = gate(verdict, "max_attack_spend");
  EXPECT_NEAR(*spend.measured, 7.272, 1e-9);
  EXPECT_EQ(spend.offenders, std::vector<std::string>{"finding:timeout-9e01aa02"});
  EXPECT_EQ(verdict.failed_count(), 4u);
}

TEST_F(gate_evaluation_test, limits_are_inclusive_and_scope_can_be_normal_traffic) {
  GateConfig config;
  config.no_new_crashes = config.no_new_leaks = false;
  config.max_amplification = 65000;  // equal to the worst: passes
  // The worst baseline p99 (baseline:create-order, about 6.0 ms) as the limit: passes.
  const double worst_baseline_p99 = *run.load->classes[1].latency->get("p99");
  EXPECT_NEAR(worst_baseline_p99, 6.0, 6.0 * 0.005);
  config.max_p99_ms = worst_baseline_p99;
  config.p99_scope = P99Scope::baseline_only;
  GateVerdict verdict = evaluate_gates(config, run, first_run);
  EXPECT_TRUE(gate(verdict, "max_amplification").passed);
  EXPECT_TRUE(gate(verdict, "max_p99_latency").passed);
  EXPECT_DOUBLE_EQ(*gate(verdict, "max_p99_latency").measured, worst_baseline_p99);
  config.max_p99_ms = worst_baseline_p99 - 0.1;
  EXPECT_FALSE(gate(evaluate_gates(config, run, first_run), "max_p99_latency").passed);
}

TEST_F(gate_evaluation_test, amplification_is_judged_per_byte_unless_the_scenario_says_raw) {
  GateConfig config;
  config.no_new_crashes = config.no_new_leaks = false;
  config.max_amplification = 100;
  RunData sized = run;
  sized.findings = {sized.findings.front()};
  sized.findings[0].amplification = 279;             // a 46 KB request, 279x a small baseline
  sized.findings[0].size_aware_amplification = 1.2;  // linear work for its size
  EXPECT_TRUE(gate(evaluate_gates(config, sized, first_run), "max_amplification").passed);
  config.amplification_basis = AmplificationBasis::raw;
  EXPECT_FALSE(gate(evaluate_gates(config, sized, first_run), "max_amplification").passed);
}

TEST_F(gate_evaluation_test, a_configured_gate_without_its_input_fails) {
  RunData fuzz_only = load_run_data(testing::fixture_runs() / "fuzz-only");
  GateConfig config;
  config.no_new_crashes = config.no_new_leaks = false;
  config.max_p99_ms = 500;
  config.max_attack_usd_per_hour = 1;
  GateVerdict verdict =
      evaluate_gates(config, fuzz_only, compare_runs(nullptr, snapshot_of("x", fuzz_only)));
  EXPECT_FALSE(gate(verdict, "max_p99_latency").passed);
  EXPECT_NE(gate(verdict, "max_p99_latency").detail.find("no load.json"), std::string::npos);
  EXPECT_FALSE(gate(verdict, "max_attack_spend").passed);
}

TEST_F(gate_evaluation_test, a_leak_while_replaying_normal_traffic_fails_the_leak_gate) {
  run.findings.clear();
  run.load->classes[0].leaks = 3;
  GateVerdict verdict =
      evaluate_gates(GateConfig{}, run, compare_runs(nullptr, snapshot_of("r", run)));
  EXPECT_EQ(gate(verdict, "no_new_leaks").offenders,
            std::vector<std::string>{"baseline:search-products"});
  EXPECT_FALSE(verdict.passed());
}

// Shares of normal traffic: findings fail and get throttled by design, so only baseline classes
// count; classes over the limit on their own are named.
TEST_F(gate_evaluation_test, error_and_throttle_rates_judge_normal_traffic) {
  for (LoadClass& c : run.load->classes) {
    c.sent = 100;
    c.check_failures = c.throttled = 0;
    for (auto& entry : c.errors) entry.second = 0;
    if (c.kind != "baseline") c.throttled = c.check_failures = 100;  // ignored
  }
  LoadClass& first = run.load->classes[0];
  ASSERT_EQ(first.kind, "baseline");
  first.errors["timeout"] = 2;
  first.check_failures = 3;
  first.throttled = 1;
  GateConfig config;
  config.no_new_crashes = config.no_new_leaks = false;
  config.max_error_rate = 0.04;
  config.max_throttled_rate = 0.05;
  GateVerdict verdict = evaluate_gates(config, run, compare_runs(nullptr, snapshot_of("r", run)));
  const GateResult& errors = gate(verdict, "max_error_rate");
  std::size_t baselines = 0;
  for (const LoadClass& c : run.load->classes) baselines += c.kind == "baseline" ? 1 : 0;
  EXPECT_NEAR(*errors.measured, 5.0 / static_cast<double>(baselines), 1e-9);  // percent
  EXPECT_EQ(errors.offenders, std::vector<std::string>{first.name});          // 5% on its own
  EXPECT_EQ(errors.passed, baselines > 1);
  EXPECT_TRUE(gate(verdict, "max_throttled_rate").passed);
  config.max_throttled_rate = 0;
  verdict = evaluate_gates(config, run, compare_runs(nullptr, snapshot_of("r", run)));
  EXPECT_FALSE(gate(verdict, "max_throttled_rate").passed);
}

TEST(spend_projection_test, throttling_point_from_concurrency_limit_and_billed_duration) {
  RunData run = load_run_data(testing::fixture_runs() / "run-1");
  auto projections = project_spend(run);
  ASSERT_EQ(projections.size(), 6u);
  EXPECT_EQ(projections[0].class_name, "finding:timeout-9e01aa02") << "dearest per request first";
  // Little's law: 1000 concurrent / 3.000 s per request = 333.3 requests/s.
  EXPECT_NEAR(*projections[0].throttle_rate_rps, 1000.0 / 3.0, 1e-9);
  EXPECT_NEAR(projections[0].usd_per_hour(100), 20.2e-6 * 100 * 3600, 1e-12);
  // Past the throttling point spend stops growing.
  EXPECT_NEAR(projections[0].usd_per_hour(10000), 20.2e-6 * (1000.0 / 3.0) * 3600, 1e-9);
  EXPECT_DOUBLE_EQ(projections[0].usd_per_day(100), projections[0].usd_per_hour(100) * 24);
  EXPECT_EQ(projections[1].class_name, "finding:slow-3f2a9c1d");
  EXPECT_NEAR(*projections[1].throttle_rate_rps, 1000.0 / 0.912, 1e-9);
  EXPECT_DOUBLE_EQ(projections[0].billed_rate(0), 0);
}

TEST(spend_projection_test, class_figure_wins_and_top_level_rate_is_the_fallback) {
  RunData run;
  run.cost = cost_view(formats::parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[
      {"name":"a","cost_per_request_usd":1e-6,"throttle_rate_rps":50,"billed_ms_mean":100},
      {"name":"b","cost_per_request_usd":1e-6}],
      "concurrency":{"throttle_rate_rps":700}})",
                                           "c.json"));
  auto projections = project_spend(run);
  ASSERT_EQ(projections.size(), 2u);
  EXPECT_EQ(*projections[0].throttle_rate_rps, 50);
  EXPECT_EQ(*projections[1].throttle_rate_rps, 700);
}

}  // namespace
}  // namespace walletfuzz::reports

namespace walletfuzz::reports {
namespace {

// cost_model writes per-class "throttle_onset_rps" and "finding_id"; both are honoured.
TEST(spend_projection_test, reads_the_cost_models_own_field_names) {
  RunData run;
  run.findings = findings_view(formats::parse_findings(
      R"({"schema":"walletfuzz.findings/1","findings":[{"id":"slow-1","handler":"h","kind":"slow"}]})",
      "f.json"));
  run.cost = cost_view(formats::parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[
      {"name":"custom-name","finding_id":"slow-1","cost_per_request_usd":2e-6,
       "throttle_onset_rps":250,"billed_ms_mean":100}],
      "concurrency":{"account_limit":1000}})",
                                           "c.json"));
  ASSERT_NE(run.cost_of(run.findings[0]), nullptr);
  auto projections = project_spend(run);
  ASSERT_EQ(projections.size(), 1u);
  EXPECT_EQ(projections[0].finding_id, "slow-1");
  EXPECT_EQ(*projections[0].throttle_rate_rps, 250) << "the model's figure, not 1000 / 0.1 s";
}

}  // namespace
}  // namespace walletfuzz::reports
