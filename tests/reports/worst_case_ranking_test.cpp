// The executive summaries rank slow findings by one request's cost at the limits, and each slow
// finding with a growth fit gets its log-log chart (issue #21).
#include <gtest/gtest.h>

#include "walletfuzz/reports/renderers.hpp"

namespace walletfuzz::reports {
namespace {

// A big linear request with a large ratio at its fuzzed size, and a small quadratic one with a
// modest ratio that bills the whole timeout at the limits.
Finding slow(std::string id, double amplification, std::string words, double worst_ms,
             bool timeout) {
  Finding f{.id = std::move(id), .handler = "h-" + words.substr(0, 4), .kind = "slow"};
  f.amplification = amplification;
  f.growth = formats::GrowthRecord{.axis = "array_elements", .name = "items", .words = words};
  f.growth->points = {{.count = 100, .cost_ns = 1e6},
                      {.count = 200, .cost_ns = 2e6},
                      {.count = 400, .cost_ns = 4e6, .censored = false}};
  f.growth->worst_case = {
      .request_bytes = 6291456,
      .count = 50000,
      .cost_ns = worst_ms * 1e6,
      .billed_ms = worst_ms,
      .reaches_timeout = timeout,
      .timeout_request_bytes = timeout ? std::optional<double>(300000) : std::nullopt};
  return f;
}

ReportContext context_of(RunData run) {
  ReportOptions options;
  options.run_key = "run-1";
  options.generated_at = "2026-12-03T12:00:00Z";
  auto comparison = compare_runs(nullptr, snapshot_of("run-1", run));
  return build_report_context(std::move(run), options, std::move(comparison));
}

RunData two_slow_findings() {
  RunData run;
  run.run_dir = "runs/run-1";
  run.findings = {slow("slow-linear01", 900, "linear in the number of `items`", 450, false),
                  slow("slow-quadra02", 40, "quadratic in the number of `items`", 3000, true)};
  return run;
}

TEST(worst_case_ranking, the_summaries_rank_by_the_cost_at_the_limits_not_the_fuzzed_ratio) {
  const ReportContext context = context_of(two_slow_findings());
  const std::string html = render_html(context);
  const auto table = html.find("Findings at the limits");
  ASSERT_NE(table, std::string::npos);
  const auto quadratic = html.find("slow-quadra02", table);
  const auto linear = html.find("slow-linear01", table);
  EXPECT_LT(quadratic, linear) << "3 s at the limits outranks 900x at the fuzzed size";
  EXPECT_NE(html.find("3,000 ms (timeout)", table), std::string::npos);

  const std::string md = render_markdown(context);
  const auto md_table = md.find("### Findings at the limits");
  ASSERT_NE(md_table, std::string::npos);
  EXPECT_LT(md.find("quadra02", md_table), md.find("linear01", md_table));
}

TEST(worst_case_ranking, a_priced_run_ranks_by_dollars_per_request) {
  RunData run = two_slow_findings();
  CostResult cost;
  for (const auto& [id, usd] : {std::pair{"slow-linear01", 9e-6}, {"slow-quadra02", 2e-6}}) {
    formats::AttackerRecord attack{.class_name = std::string("finding:") + id};
    attack.at_limits = formats::AttackAtLimitsRecord{.billed_ms = 1, .cost_per_request_usd = usd};
    cost.attacker.push_back(attack);
  }
  run.cost = cost;
  const std::string html = render_html(context_of(std::move(run)));
  const auto table = html.find("Findings at the limits");
  ASSERT_NE(table, std::string::npos);
  // The linear finding's function is bigger: its request costs more at the limits.
  EXPECT_LT(html.find("slow-linear01", table), html.find("slow-quadra02", table));
  EXPECT_NE(html.find("$9.00", table), std::string::npos) << "per 1M requests";
}

TEST(worst_case_ranking, each_probed_finding_has_a_log_log_chart_of_cost_against_size) {
  const std::string html = render_html(context_of(two_slow_findings()));
  EXPECT_EQ(html.find("<svg") == std::string::npos, false);
  std::size_t charts = 0;
  for (auto at = html.find("class=\"chart growth\""); at != std::string::npos;
       at = html.find("class=\"chart growth\"", at + 1)) {
    ++charts;
  }
  EXPECT_EQ(charts, 2u);
  EXPECT_NE(html.find("Cost against size: quadratic in the number of `items`"), std::string::npos);
  EXPECT_NE(html.find("at the limits: 50,000, 3,000 ms (the timeout)"), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::reports
