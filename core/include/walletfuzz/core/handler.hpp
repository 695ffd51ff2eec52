#pragma once
// The handler API: what a team writes against to fuzz and load-test its own C++ request
// handlers with walletfuzz. A handler takes a request and an invocation context and returns a
// response. It is registered under a name with its route, the function settings its owner pays
// for (memory, timeout, reserved concurrency) and one or more baseline requests: normal traffic,
// against which every finding's cost is compared.
//
//   walletfuzz::HandlerRegistry registry;
//   registry.add({
//       .name = "get-order",
//       .method = "GET",
//       .route = "/orders",
//       .settings = {.memory_mb = 256, .timeout = std::chrono::seconds(3)},
//       .baseline_requests = {"GET /orders?id=42 HTTP/1.1\r\nHost: app\r\n\r\n"},
//       .invoke = [](const walletfuzz::Request& request, walletfuzz::InvocationContext& context) {
//         auto id = request.query_param("id");
//         if (!id) return walletfuzz::Response{.status = 400, .body = "missing id"};
//         context.charge(1);  // one simulated downstream call (see charge() below)
//         return walletfuzz::Response{.status = 200, .body = "{\"id\":" + *id + "}"};
//       },
//   });
//
// Handlers must be thread-safe: the runtime invokes several at once on a worker pool. Long loops
// should check `context.cancelled()`, as a Lambda handler checks getRemainingTimeInMillis().

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz {

/// What the owner configures and pays for, per function (AWS Lambda's names and meaning).
struct FunctionSettings {
  unsigned memory_mb = 128;                        ///< Lambda: 128 – 10,240 MB
  std::chrono::milliseconds timeout{3000};         ///< Lambda default 3 s, at most 900 s
  unsigned reserved_concurrency = 0;               ///< 0 = unreserved (account limit applies)
  std::map<std::string, std::string> environment;  ///< the function's environment variables
};

/// Per-invocation state the runtime hands to a handler, and where the handler reports the work
/// it did so that the fuzzers can steer by it.
class InvocationContext {
 public:
  using Clock = std::chrono::steady_clock;

  InvocationContext(std::string request_id, const FunctionSettings& settings,
                    Clock::time_point deadline);
  InvocationContext(const InvocationContext&) = delete;
  InvocationContext& operator=(const InvocationContext&) = delete;

  const std::string& request_id() const noexcept { return request_id_; }
  const FunctionSettings& settings() const noexcept { return settings_; }

  /// Time left before the runtime gives up on this invocation (never negative).
  std::chrono::milliseconds remaining_time() const noexcept;
  /// True once the deadline has passed or the runtime asked the handler to stop.
  bool cancelled() const noexcept;
  /// Asks the handler to stop at its next check (the runtime calls this on timeout/shutdown).
  void request_cancel() noexcept { cancel_requested_.store(true, std::memory_order_relaxed); }

  /// Reports work done on the handler's behalf that the process cannot see, such as a simulated
  /// downstream call, in abstract work units. Fuzzers add it to the invocation's cost.
  void charge(std::uint64_t work_units) noexcept {
    charged_.fetch_add(work_units, std::memory_order_relaxed);
  }
  std::uint64_t charged() const noexcept { return charged_.load(std::memory_order_relaxed); }

  /// Memory accounting, fed by the runtime's allocation hooks (bytes live and the peak).
  void note_allocation(std::int64_t delta_bytes) noexcept;
  std::uint64_t live_bytes() const noexcept { return live_bytes_.load(std::memory_order_relaxed); }
  std::uint64_t peak_bytes() const noexcept { return peak_bytes_.load(std::memory_order_relaxed); }

  /// A value of the function's environment, or empty.
  std::string_view env(std::string_view name) const;

 private:
  std::string request_id_;
  const FunctionSettings& settings_;
  Clock::time_point deadline_;
  std::atomic<bool> cancel_requested_{false};
  std::atomic<std::uint64_t> charged_{0};
  std::atomic<std::uint64_t> live_bytes_{0};
  std::atomic<std::uint64_t> peak_bytes_{0};
};

/// The context of the invocation running on this thread, or nullptr. The runtime sets it for the
/// duration of a handler call with CurrentInvocation.
InvocationContext* current_invocation() noexcept;

/// Makes `context` the current invocation of this thread while in scope.
class CurrentInvocation {
 public:
  explicit CurrentInvocation(InvocationContext& context) noexcept;
  ~CurrentInvocation();
  CurrentInvocation(const CurrentInvocation&) = delete;
  CurrentInvocation& operator=(const CurrentInvocation&) = delete;

 private:
  InvocationContext* previous_;
};

/// Charges the current invocation (no-op outside one), for code deep in a call stack that has
/// no context parameter: `walletfuzz::charge(rows_scanned);`.
void charge(std::uint64_t work_units) noexcept;

using HandlerFunction = std::function<Response(const Request&, InvocationContext&)>;

/// A registered handler: a serverless function with one route.
struct HandlerSpec {
  std::string name;    ///< unique, used in scenarios and findings ("search-orders")
  std::string method;  ///< "GET", "POST", ...; "*" matches any method
  std::string route;   ///< exact path ("/orders"); a trailing "*" matches a prefix ("/files/*")
  FunctionSettings settings;
  std::vector<std::string> baseline_requests;  ///< request files (raw HTTP) of normal traffic
  HandlerFunction invoke;
  std::string description;  ///< one line for listings
};

/// The handlers of one application, looked up by name or by request.
class HandlerRegistry {
 public:
  /// Throws std::invalid_argument for an empty or duplicate name, a missing function, a route
  /// that does not start with '/', or a method and route another handler already serves.
  void add(HandlerSpec spec);
  const HandlerSpec* find(std::string_view name) const noexcept;
  /// The same, to change a handler's settings after registration (see settings_override.hpp).
  HandlerSpec* find(std::string_view name) noexcept;
  /// The handler whose method and route match, or nullptr. Exact routes win over prefixes.
  const HandlerSpec* route(std::string_view method, std::string_view path) const noexcept;
  const std::vector<HandlerSpec>& handlers() const noexcept { return handlers_; }

 private:
  std::vector<HandlerSpec> handlers_;
};

}  // namespace walletfuzz
