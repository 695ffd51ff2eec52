// The pre-send estimate of what a load test costs. Expected figures are computed by hand from
// AWS's published us-east-1 prices (the Lambda pricing page): requests $0.20 per
// million; duration x86_64 $0.0000166667 and arm64 $0.0000133334 per GB-s (first tier); 1 ms
// rounding; default timeout 3 s. GB = MB / 1024.
#include "walletfuzz/loadgen/spend_estimate.hpp"

#include <gtest/gtest.h>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::loadgen {
namespace {
using namespace std::chrono_literals;

constexpr double kRequestUsd = 0.20 / 1e6;
constexpr double kX86GbSecondUsd = 0.0000166667;
constexpr double kArmGbSecondUsd = 0.0000133334;

// 1000 req/s for 2 s = 2000 requests; a baseline of weight 3 and a finding of weight 1.
LoadPlan two_class_plan() {
  LoadPlan plan;
  plan.classes.push_back({.name = "baseline:list-orders", .kind = "baseline", .weight = 3});
  plan.classes.push_back({.name = "finding:slow-1", .kind = "slow", .weight = 1});
  plan.stages = {{.kind = StageKind::constant, .duration = 2s, .start_rate = 1000}};
  return plan;
}

cost_model::FunctionConfig lambda(const char* arch, double memory_mb,
                                  std::optional<double> timeout_s) {
  cost_model::FunctionConfig config;
  config.provider = "aws-lambda";
  config.arch = arch;
  config.memory_mb = memory_mb;
  config.timeout_s = timeout_s;
  return config;
}

class spend_estimate_test : public ::testing::Test {
 protected:
  cost_model::PricingCatalog catalog_ = cost_model::PricingCatalog::builtin();
};

TEST_F(spend_estimate_test, prices_baselines_at_their_median_and_findings_at_the_timeout) {
  const LoadPlan plan = two_class_plan();
  std::vector<ClassPricing> pricing(2);
  pricing[0].function = lambda("x86_64", 512, 3.0);
  pricing[0].duration_ms = 120;
  pricing[1].function = lambda("x86_64", 512, 3.0);  // no duration: billed at the 3 s timeout

  const SpendEstimate e = estimate_spend(catalog_, plan, pricing);

  // Baseline: 1500 x ($0.0000002 + 0.120 s x 0.5 GB x $0.0000166667) = $0.001800003.
  // Finding:   500 x ($0.0000002 + 3 s x 0.5 GB x $0.0000166667)     = $0.012600025.
  ASSERT_EQ(e.classes.size(), 2u);
  EXPECT_DOUBLE_EQ(e.requests, 2000);
  EXPECT_DOUBLE_EQ(e.classes[0].requests, 1500);
  EXPECT_DOUBLE_EQ(e.classes[1].requests, 500);
  EXPECT_FALSE(e.classes[0].at_timeout);
  EXPECT_TRUE(e.classes[1].at_timeout);
  EXPECT_DOUBLE_EQ(e.classes[1].duration_ms, 3000);
  EXPECT_NEAR(e.classes[0].usd, 0.001800003, 1e-12);
  EXPECT_NEAR(e.classes[1].usd, 0.012600025, 1e-12);
  EXPECT_NEAR(e.total_usd, 0.014400028, 1e-12);
  EXPECT_NEAR(e.classes[1].usd_per_request, kRequestUsd + 3 * 0.5 * kX86GbSecondUsd, 1e-15);
  EXPECT_NE(e.summary().find("$0.0144 for 2000 requests on aws-lambda"), std::string::npos)
      << e.summary();
}

TEST_F(spend_estimate_test, a_shard_pays_for_its_share_and_durations_round_up_to_a_millisecond) {
  LoadPlan plan = two_class_plan();
  plan.classes.resize(1);
  plan.shard = {1, 4};  // 500 of the 2000 requests
  std::vector<ClassPricing> pricing(1);
  pricing[0].function = lambda("arm64", 1024, 6.0);
  pricing[0].duration_ms = 27.55;  // billed as 28 ms

  const SpendEstimate e = estimate_spend(catalog_, plan, pricing);

  // 500 x ($0.0000002 + 0.028 s x 1 GB x $0.0000133334) = 500 x $0.00000057333520
  EXPECT_DOUBLE_EQ(e.requests, 500);
  EXPECT_NEAR(e.total_usd, 500 * (kRequestUsd + 0.028 * kArmGbSecondUsd), 1e-15);
  EXPECT_NEAR(e.total_usd, 0.0002866676, 1e-12);
}

TEST_F(spend_estimate_test, an_unset_timeout_is_the_providers_default_of_3_s) {
  LoadPlan plan = two_class_plan();
  plan.classes.resize(1);
  std::vector<ClassPricing> pricing(1);
  pricing[0].function = lambda("x86_64", 128, std::nullopt);

  const SpendEstimate e = estimate_spend(catalog_, plan, pricing);

  // 2000 x ($0.0000002 + 3 s x 0.125 GB x $0.0000166667) = 2000 x $0.0000064500125
  EXPECT_DOUBLE_EQ(e.classes[0].duration_ms, 3000);
  EXPECT_NEAR(e.total_usd, 0.012900025, 1e-12);
}

TEST_F(spend_estimate_test, caps_and_closed_mode_bound_the_requests_priced) {
  LoadPlan plan = two_class_plan();
  plan.max_requests = 800;  // below the 2000 scheduled
  std::vector<ClassPricing> pricing(2);
  pricing[0].flat_usd_per_request = 0.01;
  pricing[1].flat_usd_per_request = 0.03;
  SpendEstimate e = estimate_spend(catalog_, plan, pricing);
  EXPECT_DOUBLE_EQ(e.requests, 800);
  EXPECT_NEAR(e.total_usd, 600 * 0.01 + 200 * 0.03, 1e-9);
  EXPECT_TRUE(e.classes[0].flat_price);

  plan.mode = LoadMode::closed;  // no schedule: the cap is what it may send
  plan.max_requests = 100;
  e = estimate_spend(catalog_, plan, pricing);
  EXPECT_DOUBLE_EQ(e.requests, 100);
  EXPECT_NEAR(e.total_usd, 75 * 0.01 + 25 * 0.03, 1e-9);
}

TEST_F(spend_estimate_test, a_function_invalid_for_its_provider_is_bad_input) {
  const LoadPlan plan = two_class_plan();
  std::vector<ClassPricing> pricing(2);
  pricing[0].function = lambda("x86_64", 64, 3.0);  // below Lambda's 128 MB minimum
  pricing[1].function = lambda("x86_64", 128, 3.0);
  EXPECT_THROW(estimate_spend(catalog_, plan, pricing), InputError);
  pricing.resize(1);
  EXPECT_THROW(estimate_spend(catalog_, plan, pricing), std::invalid_argument);
}

}  // namespace
}  // namespace walletfuzz::loadgen
