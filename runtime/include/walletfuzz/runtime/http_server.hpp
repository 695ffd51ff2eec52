#pragma once
// The HTTP/1.1 front door of the local Lambda emulation: a Boost.Beast server that turns each
// request into an invocation of the LambdaRuntime and writes back what it answers. I/O runs on
// its own small thread pool; handlers run in the runtime's environment processes, so a slow or
// crashing handler never stops the server from accepting and answering others (with 429 when
// over the limit). Construct it while the process has a single thread: the runtime forks its
// environment helper in the constructor.
//
//   namespace rt = walletfuzz::runtime;
//   int fd = rt::open_listening_socket("127.0.0.1", 0, false);  // port 0: any free
//   rt::ReportLogWriter log("report.log");
//   rt::HttpServer server(registry, fd, {}, {}, [&](const auto& record) { log.append(record); });
//   std::cout << server.port() << '\n';
//   server.run(/*handle_signals=*/true);   // until SIGINT/SIGTERM or request_stop()
//
// Shutdown is clean: stop accepting, refuse new requests with 503, ask running handlers to stop,
// wait for them (up to the grace period) and for their responses to be written, then close.

#include <chrono>
#include <memory>
#include <string>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/runtime/lambda_runtime.hpp"
#include "walletfuzz/runtime/report_writer.hpp"

namespace walletfuzz::runtime {

/// Settings of the HTTP side.
struct ServerOptions {
  unsigned io_threads = 2;
  RequestLimits limits;                   ///< header and body size caps (431 / 413 beyond them)
  std::chrono::seconds idle_timeout{60};  ///< a keep-alive connection silent this long is closed
  std::chrono::milliseconds shutdown_grace{5000};  ///< how long to wait for running handlers
};

/// Binds and listens on `address`:`port` (0 = a free port) and returns the socket descriptor.
/// Throws InputError for an address that is not an IP literal, or not loopback unless
/// `allow_non_loopback`; RuntimeFailure when the port cannot be bound (in use, no permission),
/// naming address and port.
int open_listening_socket(const std::string& address, unsigned short port, bool allow_non_loopback);

/// The port a listening socket is bound to.
unsigned short listening_port(int socket_fd);

class HttpServer {
 public:
  /// Serves `registry` on the listening socket `listening_fd`, which the server takes over.
  HttpServer(const HandlerRegistry& registry, int listening_fd, ServerOptions options = {},
             RuntimeOptions runtime_options = {}, ReportSink report_sink = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  unsigned short port() const noexcept;

  /// Serves until request_stop() is called or, with `handle_signals`, SIGINT or SIGTERM
  /// arrives; then shuts down cleanly. Returns true if every running handler finished within
  /// the grace period. Call once.
  bool run(bool handle_signals);

  /// Makes run() shut down and return. Thread-safe; may be called before run().
  void request_stop();

  /// The runtime behind the server (for its counters).
  const LambdaRuntime& runtime() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace walletfuzz::runtime
