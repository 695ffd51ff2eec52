#pragma once
// Runs a LoadPlan against its target: T threads, each with its own io_context, connection pool
// and statistics, merged once at the end (no locks on the hot path).
//
//   walletfuzz::loadgen::LoadRunner runner(plan);          // validates; throws InputError
//   volatile std::sig_atomic_t interrupted = 0;            // set by a SIGINT handler
//   LoadResult result = runner.run({.on_progress = print_line, .interrupt = &interrupted});
//   if (result.partial) ...                                 // stopped early, counts still add up

#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <string>

#include "walletfuzz/core/histogram.hpp"
#include "walletfuzz/loadgen/env_placeholders.hpp"
#include "walletfuzz/loadgen/load_plan.hpp"
#include "walletfuzz/loadgen/load_result.hpp"
#include "walletfuzz/loadgen/request_template.hpp"
#include "walletfuzz/loadgen/response_check.hpp"

namespace walletfuzz::loadgen {

/// What the run looks like so far, once a second, for a progress line.
struct ProgressSnapshot {
  std::chrono::nanoseconds elapsed{0};
  std::chrono::nanoseconds planned{0};
  ClassStats totals;  ///< every class and thread merged, as of the last second
};

/// What happened in one interval of a run (about a second), every class and thread together.
struct IntervalMetrics {
  double t_s = 0;         ///< seconds since the run started, at the end of the interval
  double interval_s = 0;  ///< the interval's length
  ClassStats counts;      ///< counted in the interval (histograms: its responses only)
  bool final = false;     ///< the last interval of the run: the remainder up to the totals
};

struct RunHooks {
  /// Called about once a second from a monitor thread (never from a worker), if set.
  std::function<void(const ProgressSnapshot&)> on_progress;
  /// Polled every 50 ms; non-zero stops sending, drains briefly and marks the result partial.
  const volatile std::sig_atomic_t* interrupt = nullptr;
  /// Called about once a second from the monitor thread with what was counted since the
  /// previous call, and once more at the end (final); the calls add up to the result's totals.
  std::function<void(const IntervalMetrics&)> on_interval;
};

class LoadRunner {
 public:
  /// Throws InputError listing every problem of the plan (see LoadPlan::validate), when the
  /// target host is not among the allowed hosts, or when a ${ENV:NAME} placeholder of a request
  /// or header names an unset variable (the message names it and the class and field).
  explicit LoadRunner(LoadPlan plan);

  /// Resolves the target, opens the connections and runs the plan. Throws RuntimeFailure when
  /// the target cannot be resolved or not a single connection can be opened (exit 3); any
  /// failure after that is counted in the result instead.
  LoadResult run(const RunHooks& hooks = {});

  const LoadPlan& plan() const noexcept { return plan_; }

 private:
  LoadPlan plan_;
  std::vector<std::string> wire_bytes_;  ///< per class, placeholders resolved: memory only
  std::vector<std::optional<RequestTemplate>> templates_;  ///< per class, with plan.templates
  std::vector<std::optional<ResponseCheck>> checks_;       ///< per class, with its expect
};

/// `c`'s request as it is sent: the plan's headers set on it, then every ${ENV:NAME} in its
/// request line, header values and body resolved (Content-Length follows the body). Throws
/// InputError naming an unset variable, the class and the field.
Request request_as_sent(const RequestClass& c, const LoadPlan& plan,
                        const EnvLookup& lookup = process_env);

/// The request bytes sent for `request` to `target`: Host set to the target's authority, an
/// absolute-form request-target pointed at the target, everything else byte for byte.
std::string wire_bytes_for_target(const Request& request, const TargetUrl& target);
/// `request` aimed at `target` as wire_bytes_for_target sends it, before serialising.
Request request_for_target(const Request& request, const TargetUrl& target);

/// Raises this process's soft RLIMIT_NOFILE towards `wanted` (up to the hard limit); returns
/// the limit now in force.
std::uint64_t raise_open_file_limit(std::uint64_t wanted) noexcept;

}  // namespace walletfuzz::loadgen
