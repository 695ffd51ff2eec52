// Reading Lambda REPORT logs (`walletfuzz cost --lambda-log`): the target (issue #20) is at least
// 200 MB/s per core on a ~100 MB log, in memory bounded by the totals, not by the file. The log
// is generated once (fixed seed) in the temporary directory: 750k REPORT lines of ~135 bytes, as
// CloudWatch exports them (timestamp prefix, tabs), one in ten a cold start.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "walletfuzz/core/splitmix64.hpp"
#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/cost_model/report_log.hpp"

namespace {

namespace cm = walletfuzz::cost_model;
namespace fs = std::filesystem;

// One REPORT line with a request id and durations drawn from `state` (fixed seed).
std::string report_line(std::uint64_t& state, std::uint64_t n) {
  const std::uint64_t a = walletfuzz::splitmix64(state++);
  const std::uint64_t b = walletfuzz::splitmix64(state++);
  const double duration = static_cast<double>(a % 200000) / 100.0;  // 0-2000 ms, two decimals
  char text[320];
  int length = std::snprintf(
      text, sizeof text,
      "2026-11-28T12:%02llu:%02llu.%03lluZ\tREPORT RequestId: %08llx-%04llx-4%03llx-8%03llx-%012llx"
      "\tDuration: %.2f ms\tBilled Duration: %llu ms\tMemory Size: 1024 MB\tMax Memory Used: %llu "
      "MB",
      static_cast<unsigned long long>(n / 60000 % 60),
      static_cast<unsigned long long>(n / 1000 % 60), static_cast<unsigned long long>(n % 1000),
      static_cast<unsigned long long>(a >> 32), static_cast<unsigned long long>(a >> 16 & 0xffff),
      static_cast<unsigned long long>(b & 0xfff), static_cast<unsigned long long>(b >> 12 & 0xfff),
      static_cast<unsigned long long>(b >> 16 & 0xffffffffffffULL), duration,
      static_cast<unsigned long long>(duration) + 1, static_cast<unsigned long long>(64 + b % 900));
  std::string line(text, static_cast<std::size_t>(length));
  if (n % 10 == 0) line += "\tInit Duration: 245.31 ms";
  line += "\t\n";
  return line;
}

// The ~100 MB log, written once per process.
const fs::path& log_file() {
  static const fs::path path = [] {
    const fs::path p = fs::temp_directory_path() / "walletfuzz_report_log_bench.log";
    std::FILE* out = std::fopen(p.c_str(), "wb");
    std::uint64_t state = 42;
    std::size_t bytes = 0;
    for (std::uint64_t n = 0; bytes < 100'000'000; ++n) {
      const std::string line = report_line(state, n);
      std::fwrite(line.data(), 1, line.size(), out);
      bytes += line.size();
    }
    std::fclose(out);
    return p;
  }();
  return path;
}

// The path `walletfuzz cost --lambda-log FILE` takes: read in 1 MiB pieces, parse each line, bill.
void BM_bill_report_log_file_100MB(benchmark::State& state) {
  const auto catalog = cm::PricingCatalog::builtin();
  const cm::BillingModel model(catalog, cm::FunctionConfig{.memory_mb = 1024});
  const fs::path& file = log_file();
  std::uint64_t records = 0;
  for (auto _ : state) {
    const cm::BilledReportLog billed = cm::bill_report_log_file(model, file);
    records = billed.counts.record_count;
    benchmark::DoNotOptimize(billed.billing.bill.total_usd);
  }
  state.counters["records"] = static_cast<double>(records);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fs::file_size(file)));
}

// One line through the parser alone, for the per-line cost.
void BM_parse_report_line(benchmark::State& state) {
  std::uint64_t seed = 7;
  const std::string line = report_line(seed, 10);
  std::string error;
  for (auto _ : state) benchmark::DoNotOptimize(cm::parse_report_line(line, error));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
}

}  // namespace

BENCHMARK(BM_bill_report_log_file_100MB)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_parse_report_line);
