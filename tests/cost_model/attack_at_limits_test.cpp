// The attacker projection at a slow finding's worst case (findings.json growth.worst_case),
// checked against arithmetic done by hand from the AWS Lambda pricing page (us-east-1, as of
// 2026-05-04): requests $0.20 per million, x86_64 duration $0.0000166667 per GB-second.
#include <gtest/gtest.h>

#include "walletfuzz/cost_model/cost_run.hpp"

namespace walletfuzz::cost_model {
namespace {

// The planted quadratic de-duplication as triage reports it: 2.3 ms at the fuzzed 46 KB, and a
// whole 3 s timeout for one request of the largest accepted size (6 MB), reached at 1.2 MB.
formats::FindingRecord quadratic_import() {
  formats::FindingRecord f{.id = "slow-0000abcd",
                           .handler = "import-contacts",
                           .kind = "slow",
                           .median_ns = 2'300'000,
                           .baseline_median_ns = 11'000,
                           .request_bytes = 46'000,
                           .baseline_request_bytes = 300};
  f.growth = formats::GrowthRecord{.axis = "array_elements",
                                   .name = "contacts",
                                   .growth_class = "power",
                                   .exponent = 2,
                                   .confident = true,
                                   .superlinear = true};
  f.growth->worst_case = {.request_bytes = 6'291'456,
                          .count = 117'000,
                          .cost_ns = 3e9,
                          .billed_ms = 3000,
                          .reaches_timeout = true,
                          .timeout_request_bytes = 1'200'000,
                          .timeout_count = 22'000};
  return f;
}

CostRunOptions three_second_function() {
  CostRunOptions options;
  options.generated_at = "2026-12-03T00:00:00Z";
  options.function.timeout_s = 3;
  return options;
}

// 128 MB = 0.125 GB. At the fuzzed size: 2.3 ms bills 3 ms,
//   0.2e-6 + 0.003 x 0.125 x 0.0000166667 = 2.06250012e-7 per request.
// At the limits: the whole 3 s timeout,
//   0.2e-6 + 3 x 0.125 x 0.0000166667 = 6.4500125e-6 per request;
// 100 requests/s for 24 hours need 300 concurrent executions (under the 1,000 limit), so all
// 8.64 M run: 8.64e6 x 6.4500125e-6 = $55.728108.
TEST(attack_at_limits, a_slow_finding_is_projected_at_its_worst_case_beside_the_fuzzed_size) {
  CostInputs inputs;
  inputs.findings = {quadratic_import()};
  const formats::CostFile cost =
      build_cost_report(PricingCatalog::builtin(), three_second_function(), inputs);
  ASSERT_EQ(cost.attacker.size(), 1u);
  const formats::AttackerRecord& a = cost.attacker[0];
  EXPECT_NEAR(a.owner_cost_usd, 8.64e6 * 2.06250012e-7, 1e-6);  // fuzzed size, kept beside
  ASSERT_TRUE(a.at_limits);
  const formats::AttackAtLimitsRecord& l = *a.at_limits;
  EXPECT_EQ(l.request_bytes, 6'291'456);
  EXPECT_EQ(l.duration_ms, 3000);
  EXPECT_EQ(l.billed_ms, 3000);
  EXPECT_TRUE(l.reaches_timeout);
  EXPECT_EQ(l.timeout_request_bytes, 1'200'000);
  EXPECT_NEAR(l.cost_per_request_usd, 6.4500125e-6, 1e-15);
  EXPECT_NEAR(l.concurrency, 300, 1e-9);
  EXPECT_EQ(l.throttled_fraction, 0);
  EXPECT_NEAR(l.owner_cost_usd, 8.64e6 * 6.4500125e-6, 1e-6);
  EXPECT_NEAR(l.monthly_exposure_usd, l.owner_cost_usd / 24 * 730, 1e-6);
  // The attacker now uploads 6 MB per request: their egress grows with the owner's bill.
  EXPECT_GT(l.attacker_cost_usd, a.attacker_cost_usd);
  // Round trip through cost.json.
  const auto read = formats::parse_cost(formats::cost_to_json(cost), "cost.json").attacker[0];
  ASSERT_TRUE(read.at_limits);
  EXPECT_EQ(read.at_limits->timeout_request_bytes, 1'200'000);
  EXPECT_TRUE(read.at_limits->reaches_timeout);
  EXPECT_NEAR(read.at_limits->owner_cost_usd, l.owner_cost_usd, 1e-9);
}

TEST(attack_at_limits, a_worst_case_past_the_timeout_bills_the_timeout) {
  CostInputs inputs;
  inputs.findings = {quadratic_import()};
  inputs.findings[0].growth->worst_case.cost_ns = 40e9;  // an old file, or another timeout
  const formats::CostFile cost =
      build_cost_report(PricingCatalog::builtin(), three_second_function(), inputs);
  ASSERT_TRUE(cost.attacker[0].at_limits);
  EXPECT_EQ(cost.attacker[0].at_limits->duration_ms, 3000);
}

TEST(attack_at_limits, findings_without_a_growth_fit_have_none) {
  CostInputs inputs;
  inputs.findings = {quadratic_import()};
  inputs.findings[0].growth.reset();
  const formats::CostFile cost =
      build_cost_report(PricingCatalog::builtin(), three_second_function(), inputs);
  ASSERT_EQ(cost.attacker.size(), 1u);
  EXPECT_FALSE(cost.attacker[0].at_limits);
  EXPECT_FALSE(formats::parse_cost(formats::cost_to_json(cost), "cost.json").attacker[0].at_limits);
}

}  // namespace
}  // namespace walletfuzz::cost_model
