// The attack economics checked against arithmetic done by hand from the AWS Lambda pricing page
// (us-east-1, as of 2026-05-04, https://aws.amazon.com/lambda/pricing/): requests $0.20 per
// million; duration $0.0000166667 per GB-second on x86_64 and $0.0000133334 on arm64 (first
// tier). A GB is 1,024 MB.
#include "walletfuzz/cost_model/spend_scenarios.hpp"

#include <gtest/gtest.h>

#include <random>

namespace walletfuzz::cost_model {
namespace {

BillingModel lambda(const PricingCatalog& catalog, const char* arch, double memory_mb) {
  FunctionConfig config;
  config.arch = arch;
  config.memory_mb = memory_mb;
  config.timeout_s = 900;
  return BillingModel(catalog, config);
}

double cost_of(const BillingModel& model, double duration_ms) {
  Usage usage;
  model.add_bucket(usage, duration_ms, 1);
  return model.marginal_usd(usage);
}

const MitigationEffect& find(const std::vector<MitigationEffect>& effects, const char* id) {
  for (const auto& e : effects) {
    if (e.id == id) return e;
  }
  throw std::runtime_error(std::string("no mitigation ") + id);
}

// One attacker at 100 req/s of a 3,000 ms request on a 1,024 MB function, no other traffic, the
// account's 1,000 concurrent executions. By hand:
//   x86_64: 3 s x 1 GB x 0.0000166667 + 0.0000002 = 0.0000502001 per request
//           demand 100 x 3 = 300 < 1,000: all 100 req/s run: 100 x 3600 x 0.0000502001
//           = 18.072036 $/h
//   arm64:  3 x 0.0000133334 + 0.0000002 = 0.0000402002; 360,000 x 0.0000402002 = 14.472072 $/h
struct Expected {
  const char* arch;
  double per_request, per_hour;
  double reserved_k10, rate_limit_r10, timeout_1000ms;
};
// reserved K = 10: 10 x 3600 / 3 = 12,000 requests/h x per_request
//   x86 12,000 x 0.0000502001 = 0.6024012; arm 12,000 x 0.0000402002 = 0.4824024
// rate limit R = 10 req/s: 36,000 requests/h x per_request
//   x86 1.8072036; arm 1.4472072
// timeout T = 1,000 ms: per request 1 s x 1 GB x price + 0.0000002, 100 x 1 = 100 < 1,000 runs all
//   x86 0.0000168667 x 360,000 = 6.072012; arm 0.0000135334 x 360,000 = 4.872024
constexpr Expected kLambda[] = {
    {"x86_64", 0.0000502001, 18.072036, 0.6024012, 1.8072036, 6.072012},
    {"arm64", 0.0000402002, 14.472072, 0.4824024, 1.4472072, 4.872024},
};

TEST(spend_scenarios, each_mitigation_on_lambda_x86_and_arm_matches_hand_arithmetic) {
  const auto catalog = PricingCatalog::builtin();
  for (const Expected& x : kLambda) {
    SCOPED_TRACE(x.arch);
    const BillingModel model = lambda(catalog, x.arch, 1024);
    const AttackCase attack{.rate_rps = 100,
                            .duration_ms = 3000,
                            .request_bytes = 5000,
                            .cost_per_request_usd = cost_of(model, 3000)};
    EXPECT_NEAR(attack.cost_per_request_usd, x.per_request, 1e-15);
    const SharedCeiling now = under_ceiling(attack, {}, 1000);
    EXPECT_NEAR(now.usd_per_hour, x.per_hour, 1e-9);
    const auto effects = mitigation_effects(model, attack, {}, 1000,
                                            {.reserved_concurrency = 10,
                                             .rate_limit_rps = 10,
                                             .timeout_ms = 1000,
                                             .max_request_bytes = 1024});
    EXPECT_NEAR(find(effects, "reserved_concurrency").usd_per_hour, x.reserved_k10, 1e-9);
    EXPECT_NEAR(find(effects, "rate_limit").usd_per_hour, x.rate_limit_r10, 1e-9);
    EXPECT_NEAR(find(effects, "timeout").usd_per_hour, x.timeout_1000ms, 1e-9);
    // The 5,000-byte attack request is refused by a 1,024-byte limit before the function runs.
    EXPECT_EQ(find(effects, "input_size_limit").usd_per_hour, 0.0);
  }
}

TEST(spend_scenarios, an_input_limit_above_the_attack_request_saves_nothing) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = lambda(catalog, "x86_64", 1024);
  const AttackCase attack{.rate_rps = 100,
                          .duration_ms = 3000,
                          .request_bytes = 500,
                          .cost_per_request_usd = 0.0000502001};
  const auto effects = mitigation_effects(model, attack, {}, 1000, {.max_request_bytes = 1024});
  EXPECT_NEAR(effects.at(0).usd_per_hour, 18.072036, 1e-9);
  EXPECT_NE(effects.at(0).note.find("no saving"), std::string::npos);
}

// Legitimate traffic: 50 req/s of 120 ms needs 50 x 0.12 = 6 executions in flight.
//   Reserved K = 4 at declared traffic: 1 - 4 / 6 = 1/3 of it is throttled.
//   An attack of 1,000 req/s x 3 s = 3,000 beside it under 1,000: demand 3,006, share
//   1 - 1,000 / 3,006 = 2,006 / 3,006 = 0.667332, attack executed 1,000 x 1,000 / 3,006
//   = 332.668 req/s; throttling begins at (1,000 - 6) / 3 = 331.333 req/s of attack.
TEST(spend_scenarios, throttled_share_follows_littles_law) {
  const LegitProfile legit{.rate_rps = 50, .duration_ms = 120};
  EXPECT_NEAR(legit_throttled_share(legit, 4), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(legit_throttled_share(legit, 6), 0.0);
  const AttackCase attack{.rate_rps = 1000, .duration_ms = 3000, .cost_per_request_usd = 1e-5};
  const SharedCeiling s = under_ceiling(attack, legit, 1000);
  EXPECT_NEAR(s.throttled_share, 2006.0 / 3006.0, 1e-12);
  EXPECT_NEAR(s.executed_attack_rps, 1000.0 * 1000.0 / 3006.0, 1e-9);
  ASSERT_TRUE(s.throttle_point_rps.has_value());
  EXPECT_NEAR(*s.throttle_point_rps, 994.0 / 3.0, 1e-9);
  // Spend stops growing at the throttling point: ten times the rate, about the same spend.
  AttackCase ten = attack;
  ten.rate_rps = 10000;
  EXPECT_LT(under_ceiling(ten, legit, 1000).usd_per_hour, s.usd_per_hour * 1.01);
}

// A shorter timeout under a tight ceiling can raise the spend (an honest exception to the
// property below). 128 MB x86_64, 200 ms attack, 10 concurrent executions, 100 req/s:
//   before: 0.2 s x 0.125 GB x 0.0000166667 + 0.0000002 = 0.0000006166675 per request;
//           demand 100 x 0.2 = 20 > 10, half run: 50 x 3600 x 0.0000006166675 = 0.11100015 $/h
//   T = 100 ms: 0.1 x 0.125 x 0.0000166667 + 0.0000002 = 0.00000040833375; demand 10, all run:
//           100 x 3600 x 0.00000040833375 = 0.14700015 $/h
TEST(spend_scenarios, a_shorter_timeout_under_the_ceiling_can_raise_spend_and_says_so) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = lambda(catalog, "x86_64", 128);
  const AttackCase attack{
      .rate_rps = 100, .duration_ms = 200, .cost_per_request_usd = cost_of(model, 200)};
  EXPECT_NEAR(under_ceiling(attack, {}, 10).usd_per_hour, 0.11100015, 1e-11);
  const auto effects = mitigation_effects(model, attack, {}, 10, {.timeout_ms = 100});
  EXPECT_NEAR(effects.at(0).usd_per_hour, 0.14700015, 1e-11);
  EXPECT_NE(effects.at(0).note.find("raises the spend"), std::string::npos);
}

TEST(spend_scenarios, timeout_and_size_limits_count_the_normal_requests_they_cut) {
  LegitProfile legit{.rate_rps = 1, .duration_ms = 150, .request_bytes = 800};
  legit.durations = {{100, 90}, {400, 10}};
  legit.sizes = {{600, 75}, {2000, 25}};
  const auto catalog = PricingCatalog::builtin();
  const AttackCase attack{
      .rate_rps = 100, .duration_ms = 3000, .request_bytes = 9000, .cost_per_request_usd = 5e-5};
  const auto effects = mitigation_effects(lambda(catalog, "x86_64", 1024), attack, legit, 1000,
                                          {.timeout_ms = 300, .max_request_bytes = 1024});
  EXPECT_DOUBLE_EQ(find(effects, "timeout").legit_throttled_share, 0.1);
  EXPECT_DOUBLE_EQ(find(effects, "input_size_limit").legit_throttled_share, 0.25);
}

TEST(spend_scenarios, suggestions_keep_normal_traffic_whole) {
  // 50 req/s x 0.12 s = 6 in flight: K = 12; T = 3 x 120 = 360 -> 400 ms; 2 x 800 B -> 2 KiB.
  const LegitProfile legit{.rate_rps = 50, .duration_ms = 120, .request_bytes = 800};
  const MitigationSettings s = suggested_mitigations({}, legit);
  EXPECT_EQ(*s.reserved_concurrency, 12);
  EXPECT_EQ(*s.rate_limit_rps, 10);
  EXPECT_EQ(*s.timeout_ms, 400);
  EXPECT_EQ(*s.max_request_bytes, 2048);
  EXPECT_EQ(*suggested_mitigations({.reserved_concurrency = 3}, legit).reserved_concurrency, 3);
}

TEST(spend_scenarios, declared_traffic_becomes_requests_per_month) {
  // 730 h x 3,600 s = 2,628,000 s; a 24-hour log of 1,000 invocations is 1,000 x 730 / 24.
  EXPECT_EQ(
      (DeclaredTraffic{DeclaredTraffic::Source::requests_per_month, 3e6}.requests_per_month(0)),
      3e6);
  EXPECT_EQ(
      (DeclaredTraffic{DeclaredTraffic::Source::requests_per_second, 2}.requests_per_month(0)),
      5'256'000);
  EXPECT_NEAR((DeclaredTraffic{DeclaredTraffic::Source::report_log, 24}.requests_per_month(1000)),
              30416.6667, 1e-3);
}

// Property: reserved concurrency, a rate limit and an input-size limit never raise the attack's
// spend; a shorter timeout never does either while the ceiling does not bind.
TEST(spend_scenarios, mitigations_never_increase_worst_case_spend) {
  const auto catalog = PricingCatalog::builtin();
  std::mt19937 rng(19);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 2000; ++i) {
    const BillingModel model =
        lambda(catalog, i % 2 ? "arm64" : "x86_64", 128 + std::floor(u(rng) * 10112));
    AttackCase attack{.rate_rps = 1 + u(rng) * 5000,
                      .duration_ms = 1 + u(rng) * 60000,
                      .request_bytes = u(rng) * 1e6};
    attack.cost_per_request_usd = cost_of(model, attack.duration_ms);
    const LegitProfile legit{
        .rate_rps = u(rng) * 200, .duration_ms = 1 + u(rng) * 2000, .request_bytes = u(rng) * 1e5};
    const double limit = 1 + std::floor(u(rng) * 3000);
    const MitigationSettings settings{.reserved_concurrency = 1 + static_cast<int>(u(rng) * 2000),
                                      .rate_limit_rps = u(rng) * 1000,
                                      .timeout_ms = 1 + u(rng) * 60000,
                                      .max_request_bytes = u(rng) * 1e6};
    const SharedCeiling before = under_ceiling(attack, legit, limit);
    for (const MitigationEffect& e : mitigation_effects(model, attack, legit, limit, settings)) {
      if (e.id == "timeout" && before.throttled_share > 0) continue;
      EXPECT_LE(e.usd_per_hour, before.usd_per_hour * (1 + 1e-12) + 1e-15) << e.id << " case " << i;
    }
  }
}

// Property: on every compute provider of the catalog, more memory never lowers the price of a
// millisecond (a 1,000 ms invocation at each size of the provider's grid, in order).
TEST(spend_scenarios, more_memory_never_lowers_the_per_ms_price) {
  const auto catalog = PricingCatalog::builtin();
  for (const std::string& provider : catalog.providers("compute")) {
    SCOPED_TRACE(provider);
    const ComputeRules& rules = *catalog.sheet(provider, {}).compute;
    std::vector<double> sizes;
    if (!rules.instance_sizes_mb.empty()) {
      sizes = rules.instance_sizes_mb;
    } else if (!rules.cpu_ghz_by_memory_mb.empty()) {
      for (const auto& [mb, ghz] : rules.cpu_ghz_by_memory_mb) sizes.push_back(mb);
    } else {
      for (double mb = rules.memory_min_mb; mb <= rules.memory_max_mb;
           mb += std::max(rules.memory_step_mb, (rules.memory_max_mb - rules.memory_min_mb) / 97))
        sizes.push_back(std::ceil(mb / rules.memory_step_mb) * rules.memory_step_mb);
    }
    double previous = 0;
    for (double mb : sizes) {
      FunctionConfig config;
      config.provider = provider;
      config.arch = rules.architectures.front();
      config.memory_mb = std::min(mb, rules.memory_max_mb);
      BillingModel model(catalog, config);
      const double price = cost_of(model, 1000);
      EXPECT_GE(price, previous) << config.memory_mb << " MB";
      previous = price;
    }
  }
}

}  // namespace
}  // namespace walletfuzz::cost_model
