#pragma once
// `--metrics-out FILE`: live output of a load run, one JSON object per line, about once a
// second, flushed per line so `tail -f FILE | jq` (or a collector turning lines into
// Prometheus' textfile format) sees each second as it ends. Fields in docs/FORMATS.md.
//
//   MetricsLog log("metrics.jsonl");                        // RuntimeFailure: cannot open it
//   runner.run({.on_interval = [&](const IntervalMetrics& m) { log.write(m); }});
//
// Each line counts what was published since the previous one, so the lines of a run add up to
// load.json's totals exactly (the last line, `final: true`, carries the remainder).

#include <filesystem>
#include <fstream>
#include <string>

#include "walletfuzz/loadgen/load_runner.hpp"

namespace walletfuzz::loadgen {

/// `now` minus the earlier snapshot `before` of the same cumulative counters: counts and
/// histogram buckets subtracted (retry_after_max_s is a maximum, kept from `now`).
ClassStats stats_since(const ClassStats& now, const ClassStats& before);

/// One line of the log, without its newline.
std::string metrics_line(const IntervalMetrics& metrics);

class MetricsLog {
 public:
  /// Creates (truncates) `path`. Throws RuntimeFailure when it cannot.
  explicit MetricsLog(const std::filesystem::path& path);
  /// Appends one line and flushes it. A failed write does not stop the run (its load.json
  /// matters more than the live view): it is remembered, and later lines are not attempted.
  void write(const IntervalMetrics& metrics);
  bool failed() const noexcept { return failed_; }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  bool failed_ = false;
};

}  // namespace walletfuzz::loadgen
