// Hot-path costs of the load generator: recording a latency, reading a percentile, merging
// per-thread histograms, and computing due times of the arrival schedule.
#include <benchmark/benchmark.h>

#include <random>

#include "walletfuzz/core/histogram.hpp"
#include "walletfuzz/loadgen/arrival_schedule.hpp"

namespace {
using namespace std::chrono_literals;

void histogram_record(benchmark::State& state) {
  walletfuzz::LatencyHistogram h;
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> latency(13.0, 1.5);
  std::vector<std::uint64_t> values(4096);
  for (auto& v : values) v = static_cast<std::uint64_t>(latency(rng));
  std::size_t i = 0;
  for (auto _ : state) h.record(values[i++ & 4095]);
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(histogram_record);

void histogram_p99(benchmark::State& state) {
  walletfuzz::LatencyHistogram h;
  for (std::uint64_t v = 1000; v < 100'000'000; v = v * 101 / 100) h.record(v);
  for (auto _ : state) benchmark::DoNotOptimize(h.value_at_percentile(99.0));
}
BENCHMARK(histogram_p99);

void histogram_merge(benchmark::State& state) {
  walletfuzz::LatencyHistogram a, b;
  for (std::uint64_t v = 1000; v < 100'000'000; v = v * 101 / 100) a.record(v);
  for (auto _ : state) a.merge_into(b);
  benchmark::DoNotOptimize(b.count());
}
BENCHMARK(histogram_merge);

void schedule_due(benchmark::State& state) {
  using walletfuzz::loadgen::StageKind;
  walletfuzz::loadgen::ArrivalSchedule s(
      {{.kind = StageKind::ramp, .duration = 60s, .start_rate = 10, .end_rate = 50000},
       {.kind = StageKind::constant, .duration = 60s, .start_rate = 50000}},
      100'000'000, 1, {1, 2, 3});
  std::uint64_t n = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.due(n));
    benchmark::DoNotOptimize(s.class_of(n));
    n = (n + 7919) % s.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(schedule_due);

}  // namespace

BENCHMARK_MAIN();
