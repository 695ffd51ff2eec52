#pragma once
// Execution environments in their own processes, and the fork server that starts them.
//
// Why a fork server: the HTTP front end is multithreaded (I/O threads, the runtime's workers),
// and fork() in a multithreaded process copies only the calling thread: a lock another thread
// held at that instant (an allocator arena, a stream, a handler's own mutex) stays locked
// forever in the child. So the runtime forks one helper process when it is constructed, before
// it starts any thread, and that helper stays single-threaded: it only waits for "start an
// environment of function N" on its control socket and forks. Each environment is therefore a
// fork of a single-threaded process holding the registry as built before serving, never of the
// busy front end. (Pre-forking every environment up front would avoid the helper but pay every
// cold start at start-up, and bound nothing by what the traffic needs.)
//
// The front end talks to an environment over a socketpair with length-prefixed frames:
//   environment -> front end   Ready    once initialised (the cold start ends here)
//   front end -> environment   Invoke   request id and the request
//   environment -> front end   Result   how it ended, duration, peak heap, charge, response
//   environment -> front end   Crash    written from a fatal-signal handler just before dying
// A crash, an abort or a sanitizer's exit closes the socket: the front end reads end-of-file,
// fails that one invocation and never reuses the environment. Timeouts are enforced inside the
// environment (a watchdog thread answers Timeout at the deadline and ends the process, as Lambda
// ends a timed-out environment), so the answer carries the invocation's peak heap.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/http.hpp"

namespace walletfuzz::runtime::detail {

/// How an invocation ended inside its environment.
enum class Outcome : std::uint8_t {
  success = 0,        ///< the handler returned
  handler_error = 1,  ///< the handler threw (the environment stays usable)
  out_of_memory = 2,  ///< allocation beyond the memory size (the environment then exits)
  timeout = 3,        ///< the deadline passed (the environment then exits)
  crashed = 4,        ///< a fatal signal, an abort, or the process ended without answering
};

/// What the front end learns from one invocation.
struct EnvironmentAnswer {
  Outcome outcome = Outcome::crashed;
  double duration_ms = 0;        ///< measured in the environment; 0 when it crashed
  std::uint64_t peak_bytes = 0;  ///< the invocation's peak heap, when known
  std::uint64_t charged = 0;
  int signal = 0;     ///< the fatal signal, for a crash reported by the handler
  Response response;  ///< for success and handler_error
};

/// The single-threaded helper process that forks environments (see the comment above).
class ForkServer {
 public:
  /// Forks the helper now. Must be called while the process has a single thread. `registry`
  /// is copied into the helper as it is at this moment.
  ForkServer(const HandlerRegistry& registry, std::chrono::milliseconds simulated_init);
  /// Closes the control socket: the helper exits; environments exit when their socket closes.
  ~ForkServer();
  ForkServer(const ForkServer&) = delete;
  ForkServer& operator=(const ForkServer&) = delete;

  /// Asks for a new environment of the registry's handler `index` and returns the front end's
  /// end of its socket (close-on-exec), or -1 when the helper is gone. Thread-safe.
  int spawn(std::size_t index);

 private:
  std::mutex mutex_;
  int control_fd_ = -1;
  pid_t pid_ = -1;
};

/// The front end's handle on one running environment process. A plain handle: copies refer to
/// the same process, and exactly one owner calls close() (the runtime moves it between its idle
/// pool and the invocation using it).
class Environment {
 public:
  /// Waits for the Ready frame on `fd` (which it takes over). False if the environment died
  /// before it was ready.
  bool await_ready(int fd);
  /// Sends one invocation and waits for its answer. A process that does not answer within
  /// `backstop` (a stopped or wedged one: its own watchdog ends it at the deadline) is killed.
  EnvironmentAnswer invoke(const std::string& request_id, const Request& request,
                           std::chrono::milliseconds backstop);
  /// Asks the running handler to stop (context.cancelled() becomes true), for shutdown.
  void cancel() const;
  /// Ends the process (closing the socket is enough: an idle environment exits on end-of-file).
  void close();
  pid_t pid() const noexcept { return pid_; }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
};

}  // namespace walletfuzz::runtime::detail
