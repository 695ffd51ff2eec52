#pragma once
// A local stand-in for AWS Lambda's invoke path, with the semantics that decide the bill:
// per-function memory size (allocations beyond it fail, reported as Runtime.OutOfMemory),
// timeout (the caller gets 504 at the deadline, the invocation is billed the full timeout, the
// handler is asked to stop), reserved concurrency and an account-wide concurrency limit (excess
// invocations are throttled with 429 at once, never queued), cold starts (Init Duration on the
// first invocation of each new execution environment) and one REPORT line per invocation.
//
//   boost::asio::io_context io;                       // runs the timeout timers
//   walletfuzz::ReportLog log("report.log");
//   walletfuzz::LambdaRuntime runtime(registry, io.get_executor(), {},
//                                     [&](const walletfuzz::ReportLine& l) { log.append(l); });
//   runtime.invoke(std::move(request), [](walletfuzz::InvocationResult result) {
//     send(result.response);                          // called exactly once, on any thread
//   });
//
// Handlers run on the runtime's own worker pool (one thread per unit of account concurrency),
// never on the caller's thread, so a slow handler never blocks the thread that accepts work.
// Differences from Lambda, deliberately: a timed-out handler keeps its worker (and its
// concurrency slot) until it notices the cancellation, because a thread cannot be killed the
// way a sandbox can; memory is the handler's own heap (see allocation_tracking.hpp), not the
// process's resident set.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/http.hpp"
#include "walletfuzz/sample_app/report_log.hpp"

namespace boost::asio {
class thread_pool;
}

namespace walletfuzz {

/// Account-level settings of the emulated Lambda.
struct RuntimeOptions {
  /// Concurrent executions across all functions (AWS's default account limit is 1,000); also
  /// the number of worker threads.
  unsigned account_concurrency = 32;
  /// Extra time spent initialising each new execution environment, to model a runtime's cold
  /// start; Init Duration is this plus the measured setup time.
  std::chrono::milliseconds simulated_init{0};
};

/// How an invocation ended.
enum class InvocationStatus {
  success,        ///< the handler returned a response (of any status)
  handler_error,  ///< the handler threw: 502, Runtime.UnhandledException
  out_of_memory,  ///< allocation beyond the memory size: 502, Runtime.OutOfMemory
  timeout,        ///< deadline passed: 504, billed the full timeout
  throttled,      ///< over reserved or account concurrency: 429, not invoked, no REPORT
  not_found,      ///< no function for the method and path: 404, not invoked, no REPORT
  shutting_down,  ///< the runtime is stopping: 503, not invoked
};

std::string_view to_string(InvocationStatus status) noexcept;

/// What the caller of invoke() gets.
struct InvocationResult {
  InvocationStatus status = InvocationStatus::success;
  Response response;
  std::string function_name;         ///< empty when no function matched
  std::optional<ReportLine> report;  ///< absent when the function was not invoked
  std::uint64_t charged_units = 0;   ///< work the handler reported with charge()
};

using ReportSink = std::function<void(const ReportLine&)>;
using InvocationCallback = std::function<void(InvocationResult)>;

class LambdaRuntime {
 public:
  /// `registry` must outlive the runtime. Timers for timeouts run on `timer_executor`, whose
  /// io_context must be running for timeouts to fire. `report_sink` receives one line per
  /// invocation, from any thread (may be empty).
  LambdaRuntime(const HandlerRegistry& registry, boost::asio::any_io_executor timer_executor,
                RuntimeOptions options = {}, ReportSink report_sink = {});
  /// Cancels what still runs and joins the workers (see shutdown()).
  ~LambdaRuntime();
  LambdaRuntime(const LambdaRuntime&) = delete;
  LambdaRuntime& operator=(const LambdaRuntime&) = delete;

  /// Routes and invokes `request`. `done` is called exactly once: inline for 404/429/503,
  /// otherwise from a worker thread or the timer executor.
  void invoke(Request request, InvocationCallback done);

  /// Refuses new invocations (503), asks running handlers to stop, and waits up to `grace` for
  /// them to return. Returns true if none is left running.
  bool shutdown(std::chrono::milliseconds grace);

  /// Invocations accepted and not yet returned by their handler.
  unsigned in_flight() const;

 private:
  struct FunctionState;
  struct Invocation;

  void run_on_worker(const std::shared_ptr<Invocation>& invocation);
  void finish(const std::shared_ptr<Invocation>& invocation, InvocationResult result);
  void on_timeout(const std::shared_ptr<Invocation>& invocation);
  void release(Invocation& invocation, bool environment_reusable);

  const HandlerRegistry& registry_;
  boost::asio::any_io_executor timer_executor_;
  RuntimeOptions options_;
  ReportSink report_sink_;
  std::unique_ptr<boost::asio::thread_pool> workers_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  bool shutting_down_ = false;
  unsigned in_flight_ = 0;
  std::unordered_map<const HandlerSpec*, std::unique_ptr<FunctionState>> functions_;
  std::unordered_map<Invocation*, std::weak_ptr<Invocation>> running_;
};

}  // namespace walletfuzz
