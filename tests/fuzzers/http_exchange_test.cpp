// The black-box target's client over loopback against tiny one-shot servers in a thread: framing
// of the answers a real service gives (Content-Length, chunked, end of connection) and the
// failures that are findings (reset on a fresh connection) or not (a kept-alive connection the
// server closed while idle).
#include "walletfuzz/http_target/http_exchange.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <thread>

namespace walletfuzz::http_target {
namespace {

using fuzzers::ConnectionError;
using namespace std::chrono_literals;

// A listening socket on 127.0.0.1 (port 0); each accepted connection is handed to `serve`.
class OneShotServer {
 public:
  explicit OneShotServer(int connections, std::function<void(int)> serve) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_, 4), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, connections, serve = std::move(serve)] {
      for (int i = 0; i < connections; ++i) {
        int fd = ::accept(listener_, nullptr, nullptr);
        if (fd < 0) return;
        serve(fd);
        ::close(fd);
      }
    });
  }
  ~OneShotServer() {
    ::shutdown(listener_, SHUT_RDWR);  // wakes an accept() still waiting (a failed test)
    thread_.join();
    ::close(listener_);
  }
  std::uint16_t port() const { return port_; }

 private:
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

// Reads one request head (these tests send no bodies).
void read_head(int fd) {
  std::string bytes;
  char c = 0;
  while (bytes.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) bytes += c;
}

void write_all(int fd, std::string_view bytes) {
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

constexpr std::string_view kGet = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";

TEST(http_exchange_test, reads_length_and_chunked_answers_on_one_connection) {
  OneShotServer server(1, [](int fd) {
    read_head(fd);
    write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
    read_head(fd);
    write_all(fd,
              "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nTrace\r\n6\r\nback:!\r\n0\r\n\r\n");
  });
  HttpExchange exchange({.host = "127.0.0.1", .port = server.port()});
  ExchangeResult first = exchange.send(kGet, "GET", 5000ms);
  ASSERT_EQ(first.error, ConnectionError::none) << first.detail;
  EXPECT_EQ(first.response.status, 200);
  EXPECT_EQ(first.response.body, "{\"a\":1}");
  EXPECT_TRUE(first.fresh_connection);
  ExchangeResult second = exchange.send(kGet, "GET", 5000ms);
  ASSERT_EQ(second.error, ConnectionError::none) << second.detail;
  EXPECT_FALSE(second.fresh_connection);  // kept alive: one server connection served both
  EXPECT_EQ(second.response.status, 500);
  EXPECT_EQ(second.response.body, "Traceback:!");
}

TEST(http_exchange_test, body_until_the_connection_closes) {
  OneShotServer server(1, [](int fd) {
    read_head(fd);
    write_all(fd, "HTTP/1.0 200 OK\r\n\r\nall of it");
  });
  HttpExchange exchange({.host = "127.0.0.1", .port = server.port()});
  ExchangeResult r = exchange.send(kGet, "GET", 5000ms);
  ASSERT_EQ(r.error, ConnectionError::none) << r.detail;
  EXPECT_EQ(r.response.body, "all of it");
}

TEST(http_exchange_test, reset_on_a_fresh_connection_is_reported) {
  OneShotServer server(1, [](int fd) { read_head(fd); });  // closes without an answer
  HttpExchange exchange({.host = "127.0.0.1", .port = server.port()});
  ExchangeResult r = exchange.send(kGet, "GET", 5000ms);
  EXPECT_EQ(r.error, ConnectionError::reset);
}

TEST(http_exchange_test, idle_connection_closed_by_the_server_is_reopened) {
  OneShotServer server(2, [served = 0](int fd) mutable {
    read_head(fd);
    write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    ++served;  // then close: the next request finds the kept-alive connection gone
  });
  HttpExchange exchange({.host = "127.0.0.1", .port = server.port()});
  ASSERT_EQ(exchange.send(kGet, "GET", 5000ms).error, ConnectionError::none);
  ExchangeResult again = exchange.send(kGet, "GET", 5000ms);
  ASSERT_EQ(again.error, ConnectionError::none) << again.detail;
  EXPECT_EQ(again.response.body, "ok");
  EXPECT_TRUE(again.fresh_connection);
}

TEST(http_exchange_test, nothing_listening_is_refused) {
  std::uint16_t port = 0;
  {
    OneShotServer server(0, [](int) {});
    port = server.port();
  }  // closed: nothing listens there now
  HttpExchange exchange({.host = "127.0.0.1", .port = port});
  EXPECT_EQ(exchange.send(kGet, "GET", 2000ms).error, ConnectionError::refused);
  EXPECT_FALSE(exchange.reachable(500ms));
}

}  // namespace
}  // namespace walletfuzz::http_target
