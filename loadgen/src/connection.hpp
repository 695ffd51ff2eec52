#pragma once
// One client connection of a worker's pool, behind a small interface so the worker's event loop
// never asks "is this TLS?" (the transport is chosen once per target, as wrk does).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "walletfuzz/loadgen/load_result.hpp"

namespace walletfuzz::loadgen::detail {

using Clock = std::chrono::steady_clock;

/// A request handed to a connection: its global index, class and due time.
struct Job {
  std::uint64_t n = 0;
  std::size_t cls = 0;
  Clock::time_point due;
};

/// How a request ended. `message` is valid only during the on_finished call.
struct Outcome {
  bool ok = false;
  ErrorKind error = ErrorKind::read;
  Clock::time_point sent_at;
  Clock::time_point done_at;
  std::uint64_t bytes_in = 0;
  const boost::beast::http::response<boost::beast::http::string_body>* message = nullptr;
};

/// Shared, read-only settings of every connection of a run.
struct ConnectionSettings {
  boost::asio::ip::tcp::resolver::results_type endpoints;
  std::string host;  ///< for SNI and certificate host-name verification
  bool tls = false;
  bool verify_tls = true;
  boost::asio::ssl::context* tls_context = nullptr;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{10000};
  std::size_t max_body_bytes = 8 * 1024 * 1024;
};

class ConnectionBase;

/// The worker, as its connections see it. Called on the worker's own thread only.
class ConnectionOwner {
 public:
  virtual void on_connected(ConnectionBase& connection, bool ok) = 0;
  virtual void on_finished(ConnectionBase& connection, const Job& job, const Outcome& outcome) = 0;

 protected:
  ~ConnectionOwner() = default;
};

class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  /// Opens the connection ahead of the first request; reports through on_connected.
  virtual void connect() = 0;
  /// Sends `bytes` (kept alive by the caller until on_finished) and reads one response,
  /// connecting first if needed; reports through on_finished exactly once.
  virtual void start(const Job& job, const std::string& bytes, bool head_request) = 0;
  /// Closes the socket; a pending request ends with ErrorKind::aborted.
  virtual void close() noexcept = 0;
  virtual bool is_open() const noexcept = 0;
  /// Called by the worker's periodic sweep: past the deadline of the pending connect or
  /// request, closes the socket, and that operation ends as ErrorKind::timeout.
  virtual void expire_if_due(Clock::time_point now) noexcept = 0;

  /// Where a templated request is expanded before start(): one per connection, because the
  /// bytes must stay alive until the response, and reused so expansion does not allocate.
  std::string& request_buffer() noexcept { return request_buffer_; }

 private:
  std::string request_buffer_;
};

std::unique_ptr<ConnectionBase> make_connection(boost::asio::io_context& ioc,
                                                const ConnectionSettings& settings,
                                                ConnectionOwner& owner);

/// Maps an error of a connection step onto the counted kinds ("connect", "write" or "read" is
/// the step's fallback when the error has no more specific meaning).
ErrorKind classify_error(const boost::system::error_code& ec, ErrorKind step_fallback) noexcept;

}  // namespace walletfuzz::loadgen::detail
