#pragma once
// Test helper: measures a handler in-process for scale probing (scale_probe.hpp's ProbeMeasure),
// as the acceptance test on the sample app and the held-out handler measurement both need.
// Each measurement is the minimum of several runs of the thread's CPU time: what the handler
// did, not how long a shared machine kept it waiting (other processes' slices fall outside it).

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/fuzzers/scale_probe.hpp"

namespace walletfuzz::testing {

inline double thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

/// The handler's CPU time on `raw`: the minimum of at least 3 runs, more while under 60 ms in
/// all (at most 40); timed_out when a run reached the function's timeout or was cancelled.
inline fuzzers::ProbeMeasurement run_in_process(const HandlerSpec& spec, const std::string& raw) {
  auto parsed = parse_request(raw);
  if (!parsed.request) return {};
  using Clock = std::chrono::steady_clock;
  const double timeout_ns = std::chrono::duration<double, std::nano>(spec.settings.timeout).count();
  double best = 0;
  double spent = 0;
  for (int run = 0; run < 3 || (run < 40 && spent < 60e6); ++run) {
    InvocationContext context("probe", spec.settings, Clock::now() + spec.settings.timeout);
    const double start = thread_cpu_ns();
    {
      CurrentInvocation scope(context);
      spec.invoke(*parsed.request, context);
    }
    const double ns = thread_cpu_ns() - start;
    best = run == 0 ? ns : std::min(best, ns);
    spent += ns;
    if (ns >= timeout_ns || context.cancelled()) return {.cost_ns = ns, .timed_out = true};
  }
  return {.cost_ns = best};
}

/// scale_probe.hpp's ProbeMeasure for `spec`, in-process.
inline fuzzers::ProbeMeasure in_process_measure(const HandlerSpec& spec) {
  return [&spec](const std::vector<std::string>& requests) {
    std::vector<fuzzers::ProbeMeasurement> out;
    for (const auto& request : requests) out.push_back(run_in_process(spec, request));
    return out;
  };
}

}  // namespace walletfuzz::testing
