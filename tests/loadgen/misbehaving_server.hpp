#pragma once
// A loopback HTTP server for the load generator's tests whose behaviour is chosen by the request
// path, so one run can mix well-behaved and misbehaving request classes:
//   /ok        200 "ok"                      /throttle  429 with Retry-After: 3
//   /leak      500 with a Python traceback   /close     200 and Connection: close
//   /reset     reads the request, then resets the connection (RST)
//   /garbage   answers bytes that are not HTTP, then closes
//   /trickle   sends a status line one byte every 50 ms (at most 100 bytes)
//   /huge      announces a 100 MB body and streams it until the client hangs up
//   /stall     waits `stall_ms` before answering 200
//   /powered   200 "ok" with X-Powered-By: Express (an informational finding, not a leak)
//   /sometimes-trace   500; every third request's body is a Python traceback (leaky_sent())
//   /sometimes-header  200 "ok"; every third response has X-Powered-By: PHP/7.4.3
//   /json      200 {"status":"ok","count":3} as application/json
//   /continue  100 Continue and 103 Early Hints, then 200 "ok"
//   /only-continue  100 Continue every 10 ms, never a final response
//   /upgrade   101 Switching Protocols
//   /retry-huge, /retry-date, /retry-bad  429 with a 26-digit Retry-After, an HTTP-date one
//              (120 s after the response's Date) or "soon"
// One thread per connection (tests open at most a few dozen), blocking I/O, all joined on stop.

#include <atomic>
#include <boost/asio.hpp>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace walletfuzz::loadgen::testing {

class MisbehavingServer {
 public:
  /// Called with the running request count after each request is read (from server threads).
  std::function<void(std::uint64_t)> on_request;
  /// Called with each request as received (head and body), from server threads, if set.
  std::function<void(const std::string&)> on_request_text;
  int stall_ms = 200;

  MisbehavingServer();
  ~MisbehavingServer();
  std::uint16_t port() const noexcept { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::uint64_t requests() const noexcept { return requests_.load(); }
  /// Responses of the /sometimes-* paths that carried their leak.
  std::uint64_t leaky_sent() const noexcept { return leaky_sent_.load(); }

 private:
  void accept_loop();
  void serve(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> leaky_sent_{0};
  std::mutex mutex_;
  std::list<std::shared_ptr<boost::asio::ip::tcp::socket>> sockets_;
  std::list<std::thread> threads_;
  std::thread acceptor_thread_;
};

}  // namespace walletfuzz::loadgen::testing
