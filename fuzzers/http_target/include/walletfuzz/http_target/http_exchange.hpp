#pragma once
// One kept-alive HTTP/1.1 connection to the black-box target, used one exchange at a time (a
// fuzzing process sends one request and waits for its response, as libFuzzer runs one input at
// a time). Blocking sockets with a deadline per exchange: the fuzz loop is sequential, so an
// event loop would only add latency to every measurement.
//
//   HttpExchange exchange({.host = "127.0.0.1", .port = 8080});
//   ExchangeResult r = exchange.send(wire_bytes, "GET", std::chrono::milliseconds(3000));
//   if (r.error == ConnectionError::none) use(r.response);

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "walletfuzz/core/http.hpp"
#include "walletfuzz/fuzzers/response_signal.hpp"

namespace walletfuzz::http_target {

struct Endpoint {
  std::string host;  ///< name or address; IPv6 without brackets
  std::uint16_t port = 80;
};

struct ExchangeResult {
  fuzzers::ConnectionError error = fuzzers::ConnectionError::none;
  Response response;              ///< valid when error is none
  std::string detail;             ///< what failed, one line
  bool fresh_connection = false;  ///< the request went out on a connection opened for it
};

class HttpExchange {
 public:
  explicit HttpExchange(Endpoint endpoint) : endpoint_(std::move(endpoint)) {}
  ~HttpExchange();
  HttpExchange(const HttpExchange&) = delete;
  HttpExchange& operator=(const HttpExchange&) = delete;

  /// Sends `wire_bytes` (one whole request) and reads one response, within `timeout` from now.
  /// A kept-alive connection the server had closed meanwhile (it may close idle ones at any
  /// time) is reopened and the request sent once more; only a failure on a fresh connection is
  /// reported. After a timeout or an error the connection is closed: a late response would
  /// otherwise be read as the answer to the next request.
  ExchangeResult send(std::string_view wire_bytes, std::string_view method,
                      std::chrono::milliseconds timeout);

  /// True when a TCP connection to the endpoint can be opened now (it is closed again).
  bool reachable(std::chrono::milliseconds timeout);

  void close() noexcept;

 private:
  using Clock = std::chrono::steady_clock;
  ExchangeResult attempt(std::string_view wire_bytes, std::string_view method,
                         Clock::time_point deadline);
  bool open(Clock::time_point deadline, std::string& detail, bool& refused);

  Endpoint endpoint_;
  int fd_ = -1;
};

}  // namespace walletfuzz::http_target
