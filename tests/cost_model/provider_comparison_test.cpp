// The provider table on a two-function workload, checked against arithmetic done by hand from
// the catalog's published prices:
//   AWS Lambda (https://aws.amazon.com/lambda/pricing/, as of 2026-05-04): requests $0.20 per
//     million, x86_64 $0.0000166667 per GB-second, 1 ms granularity, timeout up to 900 s.
//   Cloud Run functions (https://cloud.google.com/run/pricing, as of 2026-11-28): requests $0.40
//     per million, $0.000024 per vCPU-second (1 vCPU by default), $0.0000025 per GiB-second,
//     rounded up to 100 ms.
//   Cloud Functions 1st gen: timeout up to 540 s; Cloudflare Workers: 128 MB only; Azure
//     Functions Consumption: memory up to 1,536 MB.
#include "walletfuzz/cost_model/provider_comparison.hpp"

#include <gtest/gtest.h>

namespace walletfuzz::cost_model {
namespace {

const ProviderPrice& on(const std::vector<ProviderPrice>& prices, const char* provider) {
  for (const auto& p : prices) {
    if (p.provider == provider) return p;
  }
  throw std::runtime_error(std::string("no provider ") + provider);
}

std::vector<WorkloadFunction> two_functions() {
  WorkloadFunction orders{.name = "orders", .durations = {{120, 1000}}};
  orders.config.memory_mb = 512;
  orders.config.timeout_s = 30;
  WorkloadFunction exporter{.name = "export", .durations = {{2000, 100}}};
  exporter.config.memory_mb = 2048;
  exporter.config.timeout_s = 600;
  return {orders, exporter};
}

// AWS Lambda x86_64:
//   orders: 1,000 x $0.0000002 = $0.0002; 1,000 x 0.12 s x 0.5 GB = 60 GB-s x 0.0000166667
//           = $0.001000002; together $0.001200002
//   export: 100 x $0.0000002 = $0.00002; 100 x 2 s x 2 GB = 400 GB-s x 0.0000166667
//           = $0.00666668; together $0.00668668
//   total $0.007886682
// Cloud Run functions (120 ms billed as 200 ms):
//   orders: 1,000 x $0.0000004 = $0.0004; 1,000 x 0.2 s x 1 vCPU = 200 x 0.000024 = $0.0048;
//           200 s x 0.5 GiB = 100 GiB-s x 0.0000025 = $0.00025; together $0.00545
//   export: 100 x $0.0000004 = $0.00004; 100 x 2 s = 200 vCPU-s x 0.000024 = $0.0048;
//           200 s x 2 GiB = 400 GiB-s x 0.0000025 = $0.001; together $0.00584
//   total $0.01129
TEST(provider_comparison, prices_a_two_function_workload_on_every_provider) {
  const auto catalog = PricingCatalog::builtin();
  const auto prices = compare_providers(catalog, two_functions());
  EXPECT_EQ(prices.size(), catalog.providers("compute").size());

  const ProviderPrice& lambda = on(prices, "aws-lambda");
  ASSERT_TRUE(lambda.total_usd.has_value());
  EXPECT_NEAR(*lambda.functions[0].usd, 0.001200002, 1e-12);
  EXPECT_NEAR(*lambda.functions[1].usd, 0.00668668, 1e-12);
  EXPECT_NEAR(*lambda.total_usd, 0.007886682, 1e-12);

  const ProviderPrice& run = on(prices, "gcp-cloud-run-functions");
  ASSERT_TRUE(run.total_usd.has_value());
  EXPECT_NEAR(*run.functions[0].usd, 0.00545, 1e-12);
  EXPECT_NEAR(*run.functions[1].usd, 0.00584, 1e-12);
  EXPECT_NEAR(*run.total_usd, 0.01129, 1e-12);
}

// Cloud Functions 1st gen (catalog: $0.40 per million invocations, $0.0000025 per GB-second,
// $0.0000100 per GHz-second, 100 ms rounding; 512 MB runs at 0.8 GHz, 2,048 MB at 2.4 GHz), the
// export function's timeout cut to 300 s so that gen1 can run it:
//   orders: 1,000 x $0.0000004 = $0.0004; 1,000 x 0.2 s x 0.5 GB = 100 GB-s = $0.00025;
//           1,000 x 0.2 s x 0.8 GHz = 160 GHz-s = $0.0016; together $0.00225
//   export: 100 x $0.0000004 = $0.00004; 100 x 2 s x 2 GB = 400 GB-s = $0.001;
//           100 x 2 s x 2.4 GHz = 480 GHz-s = $0.0048; together $0.00584
//   total $0.00809: each function's GHz-seconds at its own clock (the account's bill once
//   priced both at the first function's 0.8 GHz: $0.00489).
TEST(provider_comparison, each_function_is_billed_at_its_own_cpu_clock_in_the_total) {
  auto workload = two_functions();
  workload[1].config.timeout_s = 300;
  const auto prices = compare_providers(PricingCatalog::builtin(), workload);
  const ProviderPrice& gen1 = on(prices, "gcp-cloud-functions-gen1");
  ASSERT_TRUE(gen1.total_usd.has_value());
  EXPECT_NEAR(*gen1.functions[0].usd, 0.00225, 1e-12);
  EXPECT_NEAR(*gen1.functions[1].usd, 0.00584, 1e-12);
  EXPECT_NEAR(*gen1.total_usd, 0.00809, 1e-12);
}

TEST(provider_comparison, a_provider_that_cannot_run_a_function_says_why) {
  const auto catalog = PricingCatalog::builtin();
  const auto prices = compare_providers(catalog, two_functions());
  const ProviderPrice& gen1 = on(prices, "gcp-cloud-functions-gen1");
  EXPECT_FALSE(gen1.total_usd.has_value());
  EXPECT_TRUE(gen1.functions[0].usd.has_value());
  EXPECT_FALSE(gen1.functions[1].usd.has_value());  // 600 s over its 540 s maximum
  EXPECT_NE(gen1.functions[1].reason.find("540"), std::string::npos) << gen1.functions[1].reason;
  const ProviderPrice& workers = on(prices, "cloudflare-workers");
  EXPECT_FALSE(workers.functions[0].usd.has_value());  // 512 MB on a 128 MB platform
  EXPECT_NE(workers.functions[0].reason.find("128"), std::string::npos);
  const ProviderPrice& consumption = on(prices, "azure-functions-consumption");
  EXPECT_FALSE(consumption.functions[1].usd.has_value());  // 2,048 MB over 1,536 MB
}

TEST(provider_comparison, an_architecture_the_provider_lacks_is_noted) {
  const auto catalog = PricingCatalog::builtin();
  auto workload = two_functions();
  workload[0].config.arch = "arm64";
  const auto prices = compare_providers(catalog, workload);
  EXPECT_TRUE(on(prices, "aws-lambda").functions[0].note.empty());
  EXPECT_NE(on(prices, "gcp-cloud-run-functions").functions[0].note.find("arm64"),
            std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::cost_model
