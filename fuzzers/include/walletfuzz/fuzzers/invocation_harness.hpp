#pragma once
// Runs one request file against one handler the way the serverless runtime would, measures what
// the invocation cost and says what kind of finding it is, if any. Fuzz targets, triage and the
// benchmarks all go through this one class, so "slow" means the same thing everywhere.
//
//   walletfuzz::fuzzers::InvocationHarness harness(spec, {.slow_ratio = 10.0}, scan_for_leaks);
//   harness.measure_baseline(5);                      // median of the handler's baselines
//   auto outcome = harness.run("GET /search?q=aaaa HTTP/1.1\r\nHost: x\r\n\r\n");
//   if (outcome.kind == walletfuzz::fuzzers::FindingKind::slow) { ... outcome.cost.wall_ns ... }

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/fuzzers/cost_signal.hpp"

namespace walletfuzz::fuzzers {

/// What an invocation revealed. `none` is a normal invocation; `rejected` is fuzz input that is
/// not a request at all (dropped cheaply, never a finding).
enum class FindingKind : std::uint8_t { none, rejected, crash, timeout, oom, slow, leak };

/// "crash", "timeout", "oom", "slow", "leak" (and "none", "rejected"), as in findings.json.
std::string_view kind_name(FindingKind kind) noexcept;
/// The kind named `name`, or nullopt.
std::optional<FindingKind> parse_kind(std::string_view name) noexcept;

/// One leak the detector reported in a response.
struct LeakHit {
  std::string family;       ///< "stack-trace", "secret", ...
  std::string rule;         ///< the detector's rule id
  std::string severity;     ///< "low" | "medium" | "high"
  std::string fingerprint;  ///< the detector's fingerprint of the evidence (allowlists match it)
};

/// Scans a response (to `request`, so a scanner can tell an echo of the caller's own input from
/// a leak) for leaks; returns the most severe hit or nullopt.
using LeakScanner = std::function<std::optional<LeakHit>(const Request&, const Response&)>;

/// The handler's normal cost: medians over its baseline requests.
struct Baseline {
  std::uint64_t wall_median_ns = 0;
  std::uint64_t cpu_median_ns = 0;
  std::uint64_t work_units_median = 0;
  std::uint64_t peak_memory_median_bytes = 0;
  std::size_t request_bytes_median = 0;  ///< the baseline requests' size, for size-aware ratios
};

struct HarnessOptions {
  double slow_ratio = 10.0;  ///< slow when wall time >= slow_ratio x baseline median (0 = off)
  /// When set (by the scenario), at least this long is slow too; with a ratio of 0, only this.
  std::optional<std::chrono::nanoseconds> slow_absolute;
  RequestLimits limits{.max_header_bytes = 16 * 1024, .max_body_bytes = 256 * 1024};
  /// True when the handler forwards the request over the network (the black-box HTTP target):
  /// the CPU the target spends is not visible in this process, so the latency the client sees
  /// stands for it (cost.cpu_ns = cost.wall_ns) and every CPU-time rule (feedback buckets, the
  /// re-check, the slow verdict) runs on latency. When the handler reports the latency of its
  /// exchange (report_remote_latency), that is the wall time: waiting for a request-rate cap
  /// is not the target's cost.
  bool cost_is_latency = false;
};

/// Called by a handler that forwards its request over the network, once per invocation, with
/// the latency of the exchange alone (see HarnessOptions::cost_is_latency).
void report_remote_latency(std::chrono::nanoseconds latency) noexcept;

/// Everything one invocation showed.
struct InvocationOutcome {
  FindingKind kind = FindingKind::none;
  CostSample cost;
  int status = 0;              ///< response status (0 when there was no response)
  std::string detail;          ///< one line: parse error, exception message, leak rule, ...
  std::string exception_type;  ///< demangled type of an escaping exception (crash, oom)
  std::optional<LeakHit> leak;
  std::size_t response_bytes = 0;
};

class InvocationHarness {
 public:
  /// `spec` must outlive the harness. Without a scanner, no invocation is a leak.
  InvocationHarness(const HandlerSpec& spec, HarnessOptions options, LeakScanner scanner = {});

  /// Parses `request_bytes` and, if it is a request, invokes the handler once.
  InvocationOutcome run(std::string_view request_bytes) const;
  /// Invokes the handler once with a request already parsed (the fuzz loop parses each input
  /// once, to route it, and must not pay for a second parse).
  InvocationOutcome run(const Request& request) const;

  /// Runs every baseline request `runs` times (after one warm-up) and keeps the medians. Throws
  /// InputError naming the handler if a baseline request does not parse or is itself a finding.
  const Baseline& measure_baseline(int runs);
  void set_baseline(const Baseline& baseline) noexcept { baseline_ = baseline; }
  const Baseline& baseline() const noexcept { return baseline_; }

  /// The wall time at or above which an invocation counts as slow.
  std::uint64_t slow_threshold_ns() const noexcept;
  /// cost.wall_ns / baseline wall median (0 without a baseline).
  double amplification(const CostSample& cost) const noexcept;
  /// amplification() per request byte: divided by how many times larger than the baseline
  /// request a request of `request_bytes` is (walletfuzz/core/amplification.hpp).
  double size_aware_amplification(const CostSample& cost, std::size_t request_bytes) const noexcept;

  const HandlerSpec& spec() const noexcept { return spec_; }
  const HarnessOptions& options() const noexcept { return options_; }

 private:
  void classify(InvocationOutcome& outcome, const Request& request, const Response* response) const;

  const HandlerSpec& spec_;
  HarnessOptions options_;
  LeakScanner scanner_;
  Baseline baseline_;
};

}  // namespace walletfuzz::fuzzers
