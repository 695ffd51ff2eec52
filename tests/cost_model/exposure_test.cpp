// Amplification, attacker projection and Little's-law concurrency, checked against arithmetic
// done by hand.
#include "walletfuzz/cost_model/exposure.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace walletfuzz::cost_model {
namespace {

TEST(exposure, amplification_is_a_ratio_of_costs) {
  EXPECT_DOUBLE_EQ(*amplification(2e-5, 1e-7), 200.0);
  EXPECT_FALSE(amplification(1e-5, 0).has_value());
}

TEST(exposure, littles_law_gives_the_throttle_onset) {
  // 1,000 concurrent executions at 0.9 s each: throttling begins at 1,111.1 requests/s.
  EXPECT_NEAR(throttle_onset_rps(1000, 0.9), 1111.111, 1e-3);
  EXPECT_NEAR(concurrency_needed(500, 0.9), 450.0, 1e-9);
  // Legitimate traffic using 400 of the 1,000 leaves room for 600 / 0.9 = 666.7 requests/s.
  EXPECT_NEAR(throttle_onset_rps(1000, 0.9, 400), 666.667, 1e-3);
  EXPECT_EQ(throttle_onset_rps(1000, 0.9, 2000), 0.0);
  EXPECT_TRUE(std::isinf(throttle_onset_rps(1000, 0)));
  EXPECT_EQ(throttled_fraction(1000, 2000), 0.0);
  EXPECT_DOUBLE_EQ(throttled_fraction(2000, 500), 0.75);
  ConcurrencyLimits limits;
  limits.reserved = 50;
  EXPECT_EQ(limits.effective(), 50);
  limits.reserved = 5000;
  EXPECT_EQ(limits.effective(), 1000);
}

TEST(exposure, attack_projection_bills_only_executed_requests) {
  AttackerRates attacker;
  attacker.instance_usd_per_hour = 0.01;
  attacker.requests_per_second_per_instance = 1000;
  attacker.egress_usd_per_gb = 0.09;
  AttackInputs in;
  in.rate_rps = 100;
  in.hours = 24;
  in.cost_per_request_usd = 1e-5;
  in.mean_duration_s = 0.9;
  in.request_bytes = 1024.0 * 1024.0 * 1024.0 / 8640000.0;  // 8.64 M requests send 1 GiB
  const AttackProjection p = project_attack(in, {}, attacker);
  EXPECT_EQ(p.throttled_fraction, 0.0);
  EXPECT_NEAR(p.owner_cost_usd, 8'640'000 * 1e-5, 1e-9);  // $86.40
  EXPECT_NEAR(p.usd_per_day, 86.40, 1e-9);
  EXPECT_NEAR(p.attacker_cost_usd, 0.24 + 0.09, 1e-9);
  EXPECT_NEAR(*p.owner_usd_per_attacker_usd, 86.40 / 0.33, 1e-9);

  // At 10x the onset rate nine tenths are throttled and not billed; the front door still is.
  in.rate_rps = 10 * 1000 / 0.9;
  in.front_door_usd_per_request = 1e-6;
  const AttackProjection flood = project_attack(in, {}, attacker);
  EXPECT_NEAR(flood.throttled_fraction, 0.9, 1e-12);
  const double seconds = 24 * 3600.0;
  EXPECT_NEAR(flood.owner_cost_usd, 1000 / 0.9 * seconds * 1e-5 + in.rate_rps * seconds * 1e-6,
              1e-6);
  EXPECT_NEAR(monthly_exposure_usd(in, {}, attacker), flood.owner_cost_usd / 24 * 730, 1e-6);
}

TEST(exposure, a_free_attacker_has_no_ratio) {
  AttackerRates botnet;
  botnet.requests_per_second_per_instance = 1;
  AttackInputs in;
  in.cost_per_request_usd = 1e-5;
  EXPECT_FALSE(project_attack(in, {}, botnet).owner_usd_per_attacker_usd.has_value());
}

}  // namespace
}  // namespace walletfuzz::cost_model
