// Properties of the billing model that hold for every provider: cost never falls when a request
// gets slower or bigger, rounding happens at the provider's boundaries, tiers and free tiers
// start exactly where the price sheets say.
#include <gtest/gtest.h>

#include <random>

#include "walletfuzz/cost_model/billing.hpp"

namespace walletfuzz::cost_model {
namespace {

BillingModel make(const PricingCatalog& catalog, std::string provider, double memory_mb,
                  bool free_tier = false, std::string arch = "x86_64") {
  FunctionConfig config;
  config.provider = std::move(provider);
  config.arch = std::move(arch);
  config.memory_mb = memory_mb;
  config.free_tier = free_tier;
  return BillingModel(catalog, config);
}

double item_usd(const Bill& bill, const std::string& meter) {
  for (const auto& item : bill.items) {
    if (item.meter == meter) return item.usd;
  }
  ADD_FAILURE() << "no meter " << meter;
  return 0;
}

TEST(billing_properties, cost_never_decreases_with_duration_on_any_provider) {
  const auto catalog = PricingCatalog::builtin();
  std::mt19937_64 rng(20261128);
  std::uniform_real_distribution<double> step(0.0, 40.0);
  for (const std::string& provider : catalog.providers("compute")) {
    SCOPED_TRACE(provider);
    const double memory = provider == "gcp-cloud-functions-gen1" ? 256
                          : provider == "azure-functions-flex"   ? 2048
                                                                 : 128;
    for (bool free_tier : {false, true}) {
      const BillingModel model = make(catalog, provider, memory, free_tier);
      double duration = 0;
      double previous = -1;
      while (duration < model.timeout_ms() + 100) {
        Usage usage;
        model.add_bucket(usage, duration, 5'000'000);
        const double total = model.bill(usage).total_usd;
        ASSERT_GE(total, previous) << "at " << duration << " ms";
        previous = total;
        duration += step(rng);
      }
    }
  }
}

TEST(billing_properties, cost_never_decreases_with_memory) {
  const auto catalog = PricingCatalog::builtin();
  struct Case {
    std::string provider;
    std::vector<double> sizes;
  };
  const std::vector<Case> cases = {
      {"aws-lambda", {128, 129, 512, 1024, 1536, 1769, 3008, 10240}},
      {"azure-functions-consumption", {1, 127, 128, 129, 256, 1000, 1536}},
      {"azure-functions-flex", {512, 513, 2048, 4096}},
      {"gcp-cloud-functions-gen1", {128, 256, 512, 1024, 2048, 4096, 8192}},
      {"gcp-cloud-run-functions", {128, 512, 2048, 32768}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.provider);
    double previous = -1;
    for (double memory : c.sizes) {
      const BillingModel model = make(catalog, c.provider, memory);
      Usage usage;
      model.add_bucket(usage, 250.5, 10'000'000);
      const double total = model.bill(usage).total_usd;
      EXPECT_GE(total, previous) << memory << " MB";
      previous = total;
    }
  }
}

TEST(billing_properties, rounding_happens_at_each_providers_granularity) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel lambda = make(catalog, "aws-lambda", 128);
  EXPECT_EQ(lambda.billed_ms(1.0), 1.0);
  EXPECT_EQ(lambda.billed_ms(1.0001), 2.0);
  EXPECT_EQ(lambda.billed_ms(0.0), 1.0);  // an invocation is at least 1 ms
  EXPECT_EQ(lambda.billed_ms(-3.0), 1.0);
  // Google: "a function executing for 260ms would be billed as 300ms".
  const BillingModel gcf = make(catalog, "gcp-cloud-functions-gen1", 128);
  EXPECT_EQ(gcf.billed_ms(260), 300.0);
  EXPECT_EQ(gcf.billed_ms(300), 300.0);
  EXPECT_EQ(gcf.billed_ms(300.001), 400.0);
  EXPECT_EQ(gcf.billed_ms(1), 100.0);
  // Azure Consumption: 100 ms minimum, 1 ms rounding; 160 MB observed is billed as 256 MB.
  const BillingModel azure = make(catalog, "azure-functions-consumption", 160);
  EXPECT_EQ(azure.billed_ms(50), 100.0);
  EXPECT_EQ(azure.billed_ms(100.2), 101.0);
  EXPECT_EQ(azure.billed_memory_mb(), 256.0);
  EXPECT_EQ(make(catalog, "azure-functions-consumption", 1).billed_memory_mb(), 128.0);
  EXPECT_EQ(make(catalog, "azure-functions-flex", 600).billed_memory_mb(), 2048.0);
}

TEST(billing_properties, each_sample_is_billed_on_its_own_never_from_the_mean) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = make(catalog, "aws-lambda", 1024);
  const std::vector<double> samples = {0.1, 0.1, 5.8};  // mean 2.0 would bill 3 x 2 = 6 ms
  Usage usage;
  model.add_samples(usage, samples);
  EXPECT_EQ(usage.billed_ms, 1.0 + 1.0 + 6.0);
  EXPECT_EQ(usage.invocations, 3u);
  EXPECT_NEAR(usage.raw_ms, 6.0, 1e-9);
}

TEST(billing_properties, add_samples_agrees_with_billing_each_sample) {
  const auto catalog = PricingCatalog::builtin();
  for (const char* provider :
       {"aws-lambda", "gcp-cloud-run-functions", "azure-functions-consumption"}) {
    const BillingModel model = make(catalog, provider, 512);
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> dist(3.0, 1.5);
    std::vector<double> samples(10001);
    double expected = 0;
    for (double& s : samples) {
      s = dist(rng);
      expected += model.billed_ms(s);
    }
    Usage usage;
    model.add_samples(usage, samples);
    EXPECT_EQ(usage.billed_ms, expected) << provider;
    EXPECT_EQ(usage.mb_ms, expected * model.billed_memory_mb()) << provider;
  }
}

TEST(billing_properties, timeouts_are_billed_at_the_full_timeout) {
  const auto catalog = PricingCatalog::builtin();
  FunctionConfig config;
  config.memory_mb = 1024;
  config.timeout_s = 3;
  const BillingModel model(catalog, config);
  Usage usage;
  const std::vector<double> samples = {2999.5, 3000.0, 45000.0};
  model.add_samples(usage, samples);
  EXPECT_EQ(usage.billed_ms, 3000.0 * 3);
  EXPECT_EQ(usage.timeouts, 2u);
  Usage stopped;
  model.add_timeouts(stopped, 10);
  EXPECT_EQ(stopped.billed_ms, 30000.0);
  EXPECT_EQ(stopped.timeouts, 10u);
}

TEST(billing_properties, x86_tier_boundary_at_six_billion_gb_seconds) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = make(catalog, "aws-lambda", 1024);
  Usage at;
  at.mb_ms = 6e9 * 1024.0 * 1000.0;  // exactly 6 billion GB-s
  EXPECT_NEAR(item_usd(model.bill(at), "duration-x86_64"), 6e9 * 0.0000166667, 1e-3);
  Usage past = at;
  past.mb_ms += 1e6 * 1024.0 * 1000.0;  // one million GB-s into tier 2
  EXPECT_NEAR(
      item_usd(model.bill(past), "duration-x86_64") - item_usd(model.bill(at), "duration-x86_64"),
      1e6 * 0.000015, 1e-6);
  Usage third;
  third.mb_ms = 16e9 * 1024.0 * 1000.0;
  EXPECT_NEAR(item_usd(model.bill(third), "duration-x86_64"),
              6e9 * 0.0000166667 + 9e9 * 0.000015 + 1e9 * 0.0000133334, 1e-2);
}

TEST(billing_properties, arm64_tier_boundary_at_seven_and_a_half_billion_gb_seconds) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = make(catalog, "aws-lambda", 1024, false, "arm64");
  Usage usage;
  usage.mb_ms = 7.5e9 * 1024.0 * 1000.0 + 1024.0 * 1000.0 * 1000.0;  // 1,000 GB-s past tier 1
  EXPECT_NEAR(item_usd(model.bill(usage), "duration-arm64"),
              7.5e9 * 0.0000133334 + 1000 * 0.0000120001, 1e-3);
}

TEST(billing_properties, free_tier_is_exhausted_exactly_at_its_size) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = make(catalog, "aws-lambda", 1024, true);
  Usage below;
  model.add_bucket(below, 400.0, 1'000'000);  // 400,000 GB-s and 1 M requests: all free
  Bill bill = model.bill(below);
  EXPECT_EQ(item_usd(bill, "duration-x86_64"), 0.0);
  EXPECT_EQ(item_usd(bill, "requests"), 0.0);
  Usage above;
  model.add_bucket(above, 400.0, 1'000'001);
  bill = model.bill(above);
  EXPECT_NEAR(item_usd(bill, "duration-x86_64"), 0.4 * 0.0000166667, 1e-12);
  EXPECT_NEAR(item_usd(bill, "requests"), 0.2 / 1e6, 1e-15);
  // Without the free tier the same usage pays for every unit.
  EXPECT_NEAR(make(catalog, "aws-lambda", 1024).bill(below).total_usd, 400000 * 0.0000166667 + 0.2,
              1e-9);
}

TEST(billing_properties, http_api_requests_are_metered_in_512_kb_increments) {
  const auto catalog = PricingCatalog::builtin();
  FunctionConfig config;
  config.addons = {"aws-api-gateway-http"};
  const BillingModel model(catalog, config);
  Usage usage;
  model.add_bucket(usage, 10, 1'000'000);
  model.add_traffic(usage, 1'000'000, 513.0 * 1024, 100, 0);  // 513 KB each: two requests
  EXPECT_NEAR(item_usd(model.bill(usage), "api-gateway-http-requests"), 2.00, 1e-9);
  Usage small;
  model.add_bucket(small, 10, 1'000'000);
  model.add_traffic(small, 1'000'000, 512.0 * 1024, 100, 0);
  EXPECT_NEAR(item_usd(model.bill(small), "api-gateway-http-requests"), 1.00, 1e-9);
}

TEST(billing_properties, log_ingestion_and_egress_cost_per_gigabyte) {
  const auto catalog = PricingCatalog::builtin();
  FunctionConfig config;
  config.addons = {"aws-cloudwatch-logs", "aws-data-transfer-out"};
  const BillingModel model(catalog, config);
  Usage usage;
  model.add_bucket(usage, 10, 1024 * 1024);
  model.add_traffic(usage, 1024 * 1024, 200, 2048, 1024);  // 1 GiB of logs, 2 GiB out
  const Bill bill = model.bill(usage);
  EXPECT_NEAR(item_usd(bill, "log-ingestion"), 0.50, 1e-9);
  EXPECT_NEAR(item_usd(bill, "data-transfer-out"), 0.18, 1e-9);
}

TEST(billing_properties, bad_configurations_name_the_flag) {
  const auto catalog = PricingCatalog::builtin();
  auto error_of = [&](FunctionConfig config) -> std::string {
    try {
      BillingModel model(catalog, config);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  FunctionConfig c;
  c.provider = "aws-lamda";
  EXPECT_NE(error_of(c).find("--provider: unknown provider 'aws-lamda'"), std::string::npos)
      << error_of(c);
  c = {};
  c.arch = "sparc";
  EXPECT_NE(error_of(c).find("--arch"), std::string::npos);
  c = {};
  c.memory_mb = 64;
  EXPECT_NE(error_of(c).find("--memory-mb"), std::string::npos);
  c.memory_mb = 20000;
  EXPECT_NE(error_of(c).find("--memory-mb"), std::string::npos);
  c.memory_mb = 512.5;
  EXPECT_NE(error_of(c).find("--memory-mb"), std::string::npos);
  c.memory_mb = std::nan("");
  EXPECT_NE(error_of(c).find("--memory-mb"), std::string::npos);
  c = {};
  c.timeout_s = 901;
  EXPECT_NE(error_of(c).find("--timeout-s"), std::string::npos);
  c.timeout_s = -1;
  EXPECT_NE(error_of(c).find("--timeout-s"), std::string::npos);
  c = {};
  c.ephemeral_mb = 100;
  EXPECT_NE(error_of(c).find("--ephemeral-mb"), std::string::npos);
  c = {};
  c.addons = {"aws-lambda"};
  EXPECT_NE(error_of(c).find("--with"), std::string::npos);
  c = {};
  c.provider = "gcp-cloud-functions-gen1";
  c.memory_mb = 300;
  EXPECT_NE(error_of(c).find("--memory-mb"), std::string::npos);
  c = {};
  c.origin = {"scenario.yaml", 7, 3, "function"};
  c.memory_mb = 1;
  EXPECT_NE(error_of(c).find("scenario.yaml:7:3: function.memory_mb"), std::string::npos)
      << error_of(c);
}

}  // namespace
}  // namespace walletfuzz::cost_model
