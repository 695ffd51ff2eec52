// The spend curve of the report's chart (spend per hour against attack rate, with and without
// each mitigation), checked at a few points against arithmetic done by hand from the AWS Lambda
// pricing page (us-east-1, as of 2026-05-04): requests $0.20 per million, duration
// $0.0000166667 per GB-second on x86_64. A GB is 1,024 MB.
#include <gtest/gtest.h>

#include <random>

#include "walletfuzz/cost_model/spend_scenarios.hpp"

namespace walletfuzz::cost_model {
namespace {

BillingModel lambda_x86(const PricingCatalog& catalog, double memory_mb) {
  FunctionConfig config;
  config.arch = "x86_64";
  config.memory_mb = memory_mb;
  config.timeout_s = 900;
  return BillingModel(catalog, config);
}

double cost_of(const BillingModel& model, double duration_ms) {
  Usage usage;
  model.add_bucket(usage, duration_ms, 1);
  return model.marginal_usd(usage);
}

const SpendCurve::Series& series(const SpendCurve& curve, const char* id) {
  for (const auto& s : curve.series) {
    if (s.id == id) return s;
  }
  throw std::runtime_error(std::string("no series ") + id);
}

double at(const SpendCurve& curve, const char* id, double rate) {
  for (std::size_t i = 0; i < curve.rates_rps.size(); ++i) {
    if (std::abs(curve.rates_rps[i] - rate) < 1e-9 * rate) return series(curve, id).usd_per_hour[i];
  }
  throw std::runtime_error("no point at rate " + std::to_string(rate));
}

// A 3,000 ms attack request on a 1,024 MB x86_64 function, stated rate 100 req/s, the account's
// 1,000 concurrent executions, no other traffic. One request: 3 x 0.0000166667 + 0.0000002 =
// 0.0000502001. Spend per hour = executed rate x 3,600 x price:
//   none:    rate x 0.18072036 up to 1,000 / 3 = 333.33 req/s, then 1,200,000 x price = 60.24012
//   K = 10:  up to 10 / 3 = 3.33 req/s, then 12,000 x price = 0.6024012
//   R = 10:  up to 10 req/s, then 36,000 x price = 1.8072036 (at 5 req/s: 0.9036018)
//   T = 1 s: 0.0000168667 a request, all run up to 1,000 / 1 = 1,000 req/s: at 100 req/s
//            360,000 x 0.0000168667 = 6.072012; from 1,000 req/s 3,600,000 x it = 60.72012
//   input-size limit of 1,024 bytes: the 5,000-byte request is refused, nothing is spent.
// The grid: 1, 2, 5 per decade from 1 to 10^4 (3 x the highest bend, 1,000, is 3,000), plus the
// bends 3.33 and 333.33 (10, 100 and 1,000 are already on it): 15 rates.
TEST(spend_curve, points_match_hand_arithmetic) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = lambda_x86(catalog, 1024);
  const AttackCase attack{.rate_rps = 100,
                          .duration_ms = 3000,
                          .request_bytes = 5000,
                          .cost_per_request_usd = cost_of(model, 3000)};
  const SpendCurve curve = spend_curve(model, attack, {}, 1000,
                                       {.reserved_concurrency = 10,
                                        .rate_limit_rps = 10,
                                        .timeout_ms = 1000,
                                        .max_request_bytes = 1024});
  ASSERT_EQ(curve.rates_rps.size(), 15u);
  EXPECT_EQ(curve.rates_rps.front(), 1.0);
  EXPECT_EQ(curve.rates_rps.back(), 10000.0);
  ASSERT_EQ(curve.series.size(), 5u);
  EXPECT_EQ(curve.series[0].id, "none");
  EXPECT_NEAR(*curve.series[0].throttle_point_rps, 1000.0 / 3.0, 1e-9);

  EXPECT_NEAR(at(curve, "none", 1), 0.18072036, 1e-11);
  EXPECT_NEAR(at(curve, "none", 100), 18.072036, 1e-9);
  EXPECT_NEAR(at(curve, "none", 1000.0 / 3.0), 60.24012, 1e-8);
  EXPECT_NEAR(at(curve, "none", 10000), 60.24012, 1e-8) << "flat past the throttling point";

  EXPECT_NEAR(*series(curve, "reserved_concurrency").throttle_point_rps, 10.0 / 3.0, 1e-12);
  EXPECT_NEAR(at(curve, "reserved_concurrency", 1), 0.18072036, 1e-11);
  EXPECT_NEAR(at(curve, "reserved_concurrency", 10.0 / 3.0), 0.6024012, 1e-10);
  EXPECT_NEAR(at(curve, "reserved_concurrency", 10000), 0.6024012, 1e-10);

  EXPECT_EQ(*series(curve, "rate_limit").throttle_point_rps, 10.0);
  EXPECT_NEAR(at(curve, "rate_limit", 5), 0.9036018, 1e-10);
  EXPECT_NEAR(at(curve, "rate_limit", 10000), 1.8072036, 1e-10);

  EXPECT_EQ(*series(curve, "timeout").throttle_point_rps, 1000.0);
  EXPECT_NEAR(at(curve, "timeout", 100), 6.072012, 1e-9);
  EXPECT_NEAR(at(curve, "timeout", 10000), 60.72012, 1e-8);

  EXPECT_FALSE(series(curve, "input_size_limit").throttle_point_rps.has_value());
  for (double v : series(curve, "input_size_limit").usd_per_hour) EXPECT_EQ(v, 0.0);
}

// Normal traffic beside the attack: 50 req/s of 120 ms hold 6 of 10 executions, so the attack
// (200 ms) throttles from (10 - 6) / 0.2 = 20 req/s; past it both lose the same share and the
// attack's executed rate creeps towards 10 / 0.2 = 50 req/s without reaching it: at the curve's
// last rate, 1,000 req/s (10 x the stated rate), demand is 1,000 x 0.2 + 6 = 206 and the attack
// runs 1,000 x 10 / 206 = 48.54 req/s.
TEST(spend_curve, normal_traffic_moves_the_bend_and_the_spend_levels_off) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = lambda_x86(catalog, 128);
  const AttackCase attack{
      .rate_rps = 100, .duration_ms = 200, .cost_per_request_usd = cost_of(model, 200)};
  const LegitProfile legit{.rate_rps = 50, .duration_ms = 120};
  const SpendCurve curve = spend_curve(model, attack, legit, 10, {.rate_limit_rps = 1000});
  EXPECT_NEAR(*curve.series[0].throttle_point_rps, 20.0, 1e-9);
  const double price = attack.cost_per_request_usd * 3600;
  EXPECT_NEAR(at(curve, "none", 20), 20 * price, 1e-12);
  EXPECT_EQ(curve.rates_rps.back(), 1000.0);
  EXPECT_NEAR(curve.series[0].usd_per_hour.back(), 1000.0 * 10 / 206 * price, 1e-12);
  EXPECT_LT(curve.series[0].usd_per_hour.back(), 50 * price);
}

// Property: over random workloads, every mitigation's line lies on or under the unmitigated one
// at every rate of the curve. The one exception is docs/COST_MODEL.md's: a shorter timeout
// where the ceiling binds lets more (shorter) attack requests run, each paying the request fee.
TEST(spend_curve, a_mitigation_line_is_never_above_the_unmitigated_line) {
  const auto catalog = PricingCatalog::builtin();
  std::mt19937 rng(1919);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 300; ++i) {
    const BillingModel model = lambda_x86(catalog, 128 + std::floor(u(rng) * 10112));
    AttackCase attack{.rate_rps = 1 + u(rng) * 2000,
                      .duration_ms = 1 + u(rng) * 30000,
                      .request_bytes = u(rng) * 1e6};
    attack.cost_per_request_usd = cost_of(model, attack.duration_ms);
    const LegitProfile legit{
        .rate_rps = u(rng) * 100, .duration_ms = 1 + u(rng) * 2000, .request_bytes = u(rng) * 1e5};
    const double limit = 1 + std::floor(u(rng) * 3000);
    const SpendCurve curve =
        spend_curve(model, attack, legit, limit,
                    {.reserved_concurrency = 1 + static_cast<int>(u(rng) * 2000),
                     .rate_limit_rps = u(rng) * 1000,
                     .timeout_ms = 1 + u(rng) * 30000,
                     .max_request_bytes = u(rng) * 1e6});
    ASSERT_EQ(curve.series.size(), 5u);
    for (std::size_t r = 0; r < curve.rates_rps.size(); ++r) {
      if (r > 0) {
        ASSERT_GT(curve.rates_rps[r], curve.rates_rps[r - 1]);
      }
      AttackCase here = attack;
      here.rate_rps = curve.rates_rps[r];
      const bool ceiling_binds = under_ceiling(here, legit, limit).throttled_share > 0;
      const double none = curve.series[0].usd_per_hour[r];
      for (const auto& s : curve.series) {
        ASSERT_EQ(s.usd_per_hour.size(), curve.rates_rps.size());
        if (s.id == "timeout" && ceiling_binds) continue;
        EXPECT_LE(s.usd_per_hour[r], none * (1 + 1e-12) + 1e-15)
            << s.id << " case " << i << " rate " << curve.rates_rps[r];
      }
    }
  }
}

}  // namespace
}  // namespace walletfuzz::cost_model
