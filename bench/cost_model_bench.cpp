// The billing model over 10 million per-request durations: the model must never be the slow part
// of a run (target: at least 50 M samples/s per core in a release build). Each sample is billed
// on its own (round up to the provider's granularity, minimum, timeout cap), as in a real run.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"

namespace {

namespace cm = walletfuzz::cost_model;

constexpr std::size_t kSamples = 10'000'000;

const std::vector<double>& samples() {
  // Log-normal latencies around 20 ms with a long tail, fixed seed: a realistic mix of fast
  // requests and slow outliers, some past the timeout.
  static const std::vector<double> data = [] {
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> dist(3.0, 1.2);
    std::vector<double> v(kSamples);
    for (double& x : v) x = dist(rng);
    return v;
  }();
  return data;
}

void bench_add_samples(benchmark::State& state, const char* provider, double memory_mb) {
  const auto catalog = cm::PricingCatalog::builtin();
  cm::FunctionConfig config;
  config.provider = provider;
  config.memory_mb = memory_mb;
  const cm::BillingModel model(catalog, config);
  const auto& data = samples();
  for (auto _ : state) {
    cm::Usage usage;
    model.add_samples(usage, data);
    benchmark::DoNotOptimize(usage);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

void BM_aws_lambda_10M_samples(benchmark::State& state) {
  bench_add_samples(state, "aws-lambda", 512);
}
void BM_gcf_gen1_10M_samples(benchmark::State& state) {
  bench_add_samples(state, "gcp-cloud-functions-gen1", 512);
}
void BM_azure_consumption_10M_samples(benchmark::State& state) {
  bench_add_samples(state, "azure-functions-consumption", 512);
}

void BM_bill_of_usage(benchmark::State& state) {
  const auto catalog = cm::PricingCatalog::builtin();
  cm::FunctionConfig config;
  config.addons = {"aws-api-gateway-rest", "aws-cloudwatch-logs", "aws-data-transfer-out"};
  const cm::BillingModel model(catalog, config);
  cm::Usage usage;
  model.add_bucket(usage, 120, 3'000'000);
  for (auto _ : state) benchmark::DoNotOptimize(model.bill(usage));
}

}  // namespace

BENCHMARK(BM_aws_lambda_10M_samples)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_gcf_gen1_10M_samples)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_azure_consumption_10M_samples)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_bill_of_usage);
