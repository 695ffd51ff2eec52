#pragma once
// A local stand-in for AWS Lambda's invoke path, with the semantics that decide the bill:
// per-function memory size (allocations beyond it fail: Runtime.OutOfMemory), timeout (504 at
// the deadline, billed the full timeout), reserved concurrency and an account-wide concurrency
// limit (excess invocations are throttled with 429 at once, never queued), cold starts (Init
// Duration on the first invocation of each new execution environment) and one REPORT line per
// invocation.
//
//   walletfuzz::runtime::ReportLogWriter log("report.log");
//   walletfuzz::runtime::LambdaRuntime runtime(registry, {},
//                                              [&](const auto& record) { log.append(record); });
//   runtime.invoke(std::move(request), [](walletfuzz::runtime::InvocationResult result) {
//     send(result.response);                          // called exactly once, on any thread
//   });
//
// Every execution environment is a process of its own, of one function, forked by a helper
// process the runtime starts in its constructor (the constructor must therefore run while the
// process has a single thread; see src/environment.hpp for why). A handler that crashes
// (a signal, an abort, a sanitizer's exit) or runs out of memory takes down only its own
// environment: that invocation is answered 502 and reported with `Status: error` and its error
// type, the next invocation of the function starts a new environment (a cold start), and other
// functions never notice. Crashes are counted (stats()), never held against the app.
//
// Differences from Lambda, deliberately: memory is the handler's own heap (see
// allocation_tracking.hpp), not the process's resident set; environments are forks of the
// runtime's own process, so INIT is the fork and hand-shake (plus `simulated_init`).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/http.hpp"
#include "walletfuzz/cost_model/report_log.hpp"
#include "walletfuzz/runtime/report_writer.hpp"

namespace boost::asio {
class thread_pool;
}

namespace walletfuzz::runtime {

namespace detail {
class ForkServer;
}  // namespace detail

/// Account-level settings of the emulated Lambda.
struct RuntimeOptions {
  /// Concurrent executions across all functions (AWS's default account limit is 1,000); also
  /// the number of worker threads and the most environment processes kept alive.
  unsigned account_concurrency = 32;
  /// Extra time spent initialising each new execution environment, to model a runtime's cold
  /// start; Init Duration is this plus the measured start of the environment process.
  std::chrono::milliseconds simulated_init{0};
};

/// How an invocation ended.
enum class InvocationStatus {
  success,        ///< the handler returned a response (of any status)
  handler_error,  ///< the handler threw: 502, Runtime.UnhandledException
  out_of_memory,  ///< allocation beyond the memory size: 502, Status: error, Runtime.OutOfMemory
  crashed,        ///< the environment died: 502, Status: error, Runtime.ExitError
  timeout,        ///< deadline passed: 504, Status: timeout, billed the full timeout
  throttled,      ///< over reserved or account concurrency: 429, not invoked, no REPORT
  not_found,      ///< no function for the method and path: 404, not invoked, no REPORT
  shutting_down,  ///< the runtime is stopping: 503, not invoked
};

std::string_view to_string(InvocationStatus status) noexcept;

/// What the caller of invoke() gets.
struct InvocationResult {
  InvocationStatus status = InvocationStatus::success;
  Response response;
  std::string function_name;                       ///< empty when no function matched
  std::optional<cost_model::ReportRecord> report;  ///< absent when the function was not invoked
  std::uint64_t charged_units = 0;                 ///< work the handler reported with charge()
};

using InvocationCallback = std::function<void(InvocationResult)>;

/// Counters of one function, or of all of them.
struct InvocationCounts {
  std::uint64_t invocations = 0;  ///< invoked (a REPORT line each)
  std::uint64_t cold_starts = 0;
  std::uint64_t crashes = 0;  ///< environments that died during an invocation
  std::uint64_t out_of_memory = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t throttled = 0;
};

/// What the runtime has done so far: per function (by name) and in total.
struct RuntimeStats {
  InvocationCounts total;
  std::map<std::string, InvocationCounts> functions;
};

/// One line for a log: "invocations 120, cold starts 9, crashes 3 (shipping-quote 3), ...".
std::string describe(const RuntimeStats& stats);

class LambdaRuntime {
 public:
  /// `registry` must outlive the runtime. `report_sink` receives one record per invocation, from
  /// any thread (may be empty). Starts the environment fork server (so call this while the
  /// process has one thread) and the workers. Throws RuntimeFailure if the fork server cannot
  /// be started.
  LambdaRuntime(const HandlerRegistry& registry, RuntimeOptions options = {},
                ReportSink report_sink = {});
  /// Cancels what still runs, waits for it (see shutdown()) and ends every environment.
  ~LambdaRuntime();
  LambdaRuntime(const LambdaRuntime&) = delete;
  LambdaRuntime& operator=(const LambdaRuntime&) = delete;

  /// Routes and invokes `request`. `done` is called exactly once: inline for 404/429/503,
  /// otherwise from a worker thread.
  void invoke(Request request, InvocationCallback done);

  /// Refuses new invocations (503), asks running handlers to stop, and waits up to `grace` for
  /// them to return. Returns true if none is left running.
  bool shutdown(std::chrono::milliseconds grace);

  /// Invocations accepted and not yet answered.
  unsigned in_flight() const;

  RuntimeStats stats() const;

 private:
  struct FunctionState;
  struct Invocation;

  void run_on_worker(const std::shared_ptr<Invocation>& invocation);
  void finish(const std::shared_ptr<Invocation>& invocation, InvocationResult result,
              bool keep_environment);

  const HandlerRegistry& registry_;
  RuntimeOptions options_;
  ReportSink report_sink_;
  std::unique_ptr<detail::ForkServer> fork_server_;  // before workers_: forked single-threaded
  std::unique_ptr<boost::asio::thread_pool> workers_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  bool shutting_down_ = false;
  unsigned in_flight_ = 0;
  unsigned live_environments_ = 0;
  InvocationCounts totals_;
  std::unordered_map<const HandlerSpec*, std::unique_ptr<FunctionState>> functions_;
  std::unordered_map<Invocation*, std::weak_ptr<Invocation>> running_;
};

}  // namespace walletfuzz::runtime
