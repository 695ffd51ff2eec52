// The monthly bill at declared traffic and the attack scenarios beside it, through
// build_cost_report, checked against arithmetic done by hand from the AWS Lambda pricing page
// (us-east-1, as of 2026-05-04): requests $0.20 per million, x86_64 duration $0.0000166667 per
// GB-second; free tier 1,000,000 requests and 400,000 GB-seconds a month.
#include <gtest/gtest.h>

#include <cmath>

#include "walletfuzz/cost_model/cost_run.hpp"

namespace walletfuzz::cost_model {
namespace {

LoadClassInput load_class(std::string name, std::string kind, double ms, std::uint64_t n,
                          double bytes_per_request) {
  LoadClassInput c;
  c.name = std::move(name);
  c.kind = std::move(kind);
  c.handler = "orders";
  c.sent = n;
  c.responses = n;
  c.bytes_out = bytes_per_request * static_cast<double>(n);
  c.durations = {{ms, n}};
  return c;
}

CostInputs orders_run() {
  CostInputs inputs;
  inputs.load = LoadInput{};
  inputs.load->classes = {load_class("baseline:orders", "baseline", 100, 1000, 300),
                          load_class("finding:slow-1", "slow", 3000, 100, 4000)};
  return inputs;
}

CostRunOptions orders_options(bool free_tier) {
  CostRunOptions options;
  options.generated_at = "2026-12-03T00:00:00Z";
  FunctionConfig config;
  config.memory_mb = 512;
  config.timeout_s = 30;
  config.free_tier = free_tier;
  options.functions["orders"] = {config, std::nullopt,
                                 DeclaredTraffic{DeclaredTraffic::Source::requests_per_second, 2}};
  options.mitigations = {.reserved_concurrency = 10,
                         .rate_limit_rps = 10,
                         .timeout_ms = 1000,
                         .max_request_bytes = 1024};
  return options;
}

// 2 req/s x 2,628,000 s = 5,256,000 requests a month, each billed 100 ms at 512 MB:
//   requests 5.256 x $0.20 = $1.0512
//   duration 5,256,000 x 0.1 s x 0.5 GB = 262,800 GB-s x 0.0000166667 = $4.38000876
//   total $5.43120876
// With the free tier: (5.256 M - 1 M) x $0.20 = $0.8512; 262,800 GB-s < 400,000: $0. Total $0.8512.
TEST(monthly_bill, declared_rate_is_billed_per_function_and_meter) {
  const auto catalog = PricingCatalog::builtin();
  const formats::CostFile cost = build_cost_report(catalog, orders_options(false), orders_run());
  ASSERT_TRUE(cost.monthly.has_value());
  ASSERT_EQ(cost.monthly->functions.size(), 1u);
  const formats::MonthlyFunctionRecord& f = cost.monthly->functions[0];
  EXPECT_EQ(f.name, "orders");
  EXPECT_EQ(f.traffic_source, "requests_per_second");
  EXPECT_NEAR(f.requests_per_month, 5'256'000, 1e-6);
  EXPECT_NEAR(f.total_usd, 5.43120876, 1e-8);
  ASSERT_EQ(f.line_items.size(), 2u);
  EXPECT_EQ(f.line_items[0].meter, "requests");
  EXPECT_NEAR(f.line_items[0].usd, 1.0512, 1e-9);
  EXPECT_EQ(f.line_items[1].meter, "duration-x86_64");
  EXPECT_NEAR(f.line_items[1].usd, 4.38000876, 1e-8);
  EXPECT_NEAR(cost.monthly->total_usd, 5.43120876, 1e-8);

  const formats::CostFile free = build_cost_report(catalog, orders_options(true), orders_run());
  EXPECT_NEAR(free.monthly->total_usd, 0.8512, 1e-9);
  EXPECT_TRUE(free.monthly->free_tier);
  EXPECT_NEAR(free.monthly->functions[0].total_usd, 5.43120876, 1e-8);  // list prices
}

// API Gateway (HTTP API) and data transfer in front, as `pricing.addons` declares them, each
// normal request answered with 2 KiB (a GB is 2^30 bytes):
//   API calls 5.256 M x $1.00 per million = $5.256 (each request under 512 KB counts once)
//   egress 5,256,000 x 2,048 B = 10,764,288,000 B = 10.0250244140625 GB x $0.09
//          = $0.902252197265625
//   total 5.43120876 + 5.256 + 0.902252197265625 = $11.589460957265625
TEST(monthly_bill, addons_in_front_are_billed_in_the_month) {
  const auto catalog = PricingCatalog::builtin();
  CostRunOptions options = orders_options(false);
  options.functions["orders"].config.addons = {"aws-api-gateway-http", "aws-data-transfer-out"};
  CostInputs inputs = orders_run();
  inputs.load->classes[0].bytes_in = 2048.0 * 1000;
  const formats::CostFile cost = build_cost_report(catalog, options, inputs);
  ASSERT_TRUE(cost.monthly.has_value());
  const formats::MonthlyFunctionRecord& f = cost.monthly->functions.at(0);
  double api = 0, egress = 0;
  for (const auto& item : f.line_items) {
    if (item.provider == "aws-api-gateway-http") api += item.usd;
    if (item.provider == "aws-data-transfer-out") egress += item.usd;
  }
  EXPECT_NEAR(api, 5.256, 1e-9);
  EXPECT_NEAR(egress, 0.902252197265625, 1e-12);
  EXPECT_NEAR(f.total_usd, 11.589460957265625, 1e-8);
}

// The worst finding, 3,000 ms at 512 MB: 3 x 0.5 x 0.0000166667 + 0.0000002 = 0.00002520005 per
// request. 100 req/s x 3 s = 300 plus 2 x 0.1 = 0.2 in flight, under 1,000: all run,
// 360,000 x 0.00002520005 = $9.072018 an hour; a day $217.728432; 30 days $6,531.85296.
// Reserved K = 10: 10.2 in flight needed of 10 -> share 1 - 10 / 300.2 of every request;
// attack executed 100 x 10 / 300.2 = 3.33111 req/s -> 3.33111 x 3600 x 0.00002520005 = $0.302198/h.
TEST(monthly_bill, attack_scenarios_sit_beside_the_bill) {
  const auto catalog = PricingCatalog::builtin();
  const formats::CostFile cost = build_cost_report(catalog, orders_options(false), orders_run());
  ASSERT_EQ(cost.attack_scenarios.size(), 1u);
  const formats::AttackScenarioRecord& a = cost.attack_scenarios[0];
  EXPECT_EQ(a.class_name, "finding:slow-1");
  EXPECT_NEAR(a.cost_per_request_usd, 0.00002520005, 1e-15);
  EXPECT_NEAR(a.usd_per_hour, 9.072018, 1e-9);
  ASSERT_EQ(a.periods.size(), 3u);
  EXPECT_NEAR(a.periods[1].attack_usd, 217.728432, 1e-7);
  EXPECT_NEAR(a.periods[2].attack_usd, 6531.85296, 1e-6);
  EXPECT_NEAR(a.periods[2].bill_usd, 6531.85296 + 5.43120876, 1e-6);
  EXPECT_EQ(a.legit_throttled_share, 0.0);
  ASSERT_EQ(a.mitigations.size(), 4u);
  EXPECT_EQ(a.mitigations[0].id, "reserved_concurrency");
  EXPECT_NEAR(a.mitigations[0].usd_per_hour, 100.0 * 10 / 300.2 * 3600 * 0.00002520005, 1e-9);
  EXPECT_NEAR(a.mitigations[0].legit_throttled_share_under_attack, 1 - 10 / 300.2, 1e-12);
  EXPECT_NEAR(a.mitigations[0].savings_usd[2],
              (9.072018 - 100.0 * 10 / 300.2 * 3600 * 0.00002520005) * 720, 1e-6);
  EXPECT_EQ(a.mitigations[3].usd_per_hour, 0.0);  // 4,000-byte attack over a 1,024-byte limit
}

TEST(monthly_bill, round_trips_through_cost_json) {
  const auto catalog = PricingCatalog::builtin();
  const formats::CostFile cost = build_cost_report(catalog, orders_options(true), orders_run());
  const formats::CostFile back = formats::parse_cost(formats::cost_to_json(cost), "cost.json");
  EXPECT_EQ(back.monthly, cost.monthly);
  // Savings are differences of large figures: compared within a relative 1e-12 (JSON text).
  ASSERT_EQ(back.attack_scenarios.size(), 1u);
  formats::AttackScenarioRecord x = back.attack_scenarios[0], y = cost.attack_scenarios[0];
  for (std::size_t i = 0; i < x.mitigations.size(); ++i) {
    for (std::size_t k = 0; k < x.mitigations[i].savings_usd.size(); ++k) {
      EXPECT_NEAR(x.mitigations[i].savings_usd[k], y.mitigations[i].savings_usd[k],
                  1e-12 * std::abs(y.mitigations[i].savings_usd[k]));
    }
    x.mitigations[i].savings_usd.clear();
    y.mitigations[i].savings_usd.clear();
  }
  EXPECT_EQ(x, y);
}

TEST(monthly_bill, a_function_without_a_measured_request_is_named_not_priced) {
  const auto catalog = PricingCatalog::builtin();
  CostRunOptions options = orders_options(false);
  options.functions["search"] = {FunctionConfig{}, std::nullopt,
                                 DeclaredTraffic{DeclaredTraffic::Source::requests_per_month, 1e6}};
  const formats::CostFile cost = build_cost_report(catalog, options, orders_run());
  ASSERT_EQ(cost.monthly->notes.size(), 1u);
  EXPECT_NE(cost.monthly->notes[0].find("search: no normal request"), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::cost_model
