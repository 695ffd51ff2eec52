#include "misbehaving_server.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <sstream>

namespace walletfuzz::loadgen::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

MisbehavingServer::MisbehavingServer()
    : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  acceptor_thread_ = std::thread([this] { accept_loop(); });
}

MisbehavingServer::~MisbehavingServer() {
  stopping_ = true;
  boost::system::error_code ignored;
  {
    // A blocking accept() does not return when another thread closes the acceptor; a connection
    // of our own wakes it, and it sees stopping_.
    tcp::socket wake(ioc_);
    wake.connect({asio::ip::make_address("127.0.0.1"), port_}, ignored);
  }
  if (acceptor_thread_.joinable()) acceptor_thread_.join();
  acceptor_.close(ignored);
  {
    std::lock_guard lock(mutex_);
    for (auto& s : sockets_) {
      s->shutdown(tcp::socket::shutdown_both, ignored);
      s->close(ignored);
    }
  }
  std::lock_guard lock(mutex_);
  for (auto& t : threads_) t.join();
}

void MisbehavingServer::accept_loop() {
  while (!stopping_) {
    boost::system::error_code ec;
    tcp::socket socket(ioc_);
    acceptor_.accept(socket, ec);
    if (ec || stopping_) return;
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
  }
}

void MisbehavingServer::serve(tcp::socket socket) {
  auto shared = std::make_shared<tcp::socket>(std::move(socket));
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    sockets_.push_back(shared);
  }
  tcp::socket& s = *shared;
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  while (!stopping_) {
    http::request<http::string_body> request;
    http::read(s, buffer, request, ec);
    if (ec) break;
    const auto count = ++requests_;
    if (on_request) on_request(count);
    if (on_request_text) {
      std::ostringstream text;
      text << request;
      on_request_text(text.str());
    }
    const std::string path(request.target());
    http::response<http::string_body> response{http::status::ok, 11};
    response.set(http::field::content_type, "text/plain");
    if (path == "/reset") {
      s.set_option(asio::socket_base::linger(true, 0), ec);
      s.close(ec);
      break;
    }
    if (path == "/garbage") {
      asio::write(s, asio::buffer(std::string("SSH-2.0-not-http\r\n\r\n")), ec);
      s.shutdown(tcp::socket::shutdown_both, ec);
      break;
    }
    if (path == "/trickle") {
      const std::string line = "HTTP/1.1 200 OK\r\nX-Slow: ";
      for (int i = 0; i < 100 && !stopping_ && !ec; ++i) {
        asio::write(s, asio::buffer(&line[static_cast<std::size_t>(i) % line.size()], 1), ec);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      break;
    }
    if (path == "/upgrade") {
      // The client must give up on this connection; the next read here sees it close.
      asio::write(s,
                  asio::buffer(std::string("HTTP/1.1 101 Switching Protocols\r\n"
                                           "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n")),
                  ec);
      continue;
    }
    if (path == "/only-continue") {
      const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
      while (!stopping_ && !ec) {
        asio::write(s, asio::buffer(interim), ec);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      break;
    }
    if (path == "/continue") {
      asio::write(s,
                  asio::buffer(std::string("HTTP/1.1 100 Continue\r\n\r\n"
                                           "HTTP/1.1 103 Early Hints\r\n"
                                           "Link: </style.css>; rel=preload\r\n\r\n")),
                  ec);
      if (ec) break;
    }
    if (path == "/huge") {
      const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n";
      asio::write(s, asio::buffer(head), ec);
      const std::string chunk(64 * 1024, 'x');
      for (std::size_t sent = 0; sent < 104857600 && !ec && !stopping_; sent += chunk.size()) {
        asio::write(s, asio::buffer(chunk), ec);
      }
      break;
    }
    if (path == "/throttle") {
      response.result(http::status::too_many_requests);
      response.set(http::field::retry_after, "3");
      response.body() = "slow down";
    } else if (path.starts_with("/retry-")) {
      response.result(http::status::too_many_requests);
      response.body() = "slow down";
      if (path == "/retry-huge") {
        response.set(http::field::retry_after, "99999999999999999999999999");
      } else if (path == "/retry-date") {
        response.set(http::field::date, "Sun, 06 Nov 1994 08:49:37 GMT");
        response.set(http::field::retry_after, "Sun, 06 Nov 1994 08:51:37 GMT");
      } else {
        response.set(http::field::retry_after, "soon");
      }
    } else if (path == "/continue") {
      response.body() = "ok";
    } else if (path == "/leak") {
      response.result(http::status::internal_server_error);
      response.body() =
          "Traceback (most recent call last):\n  File \"/var/task/app.py\", line 42, in handler\n"
          "    return db.query(sql)\nKeyError: 'order_id'\n";
    } else if (path == "/sometimes-trace" || path == "/sometimes-header") {
      // Every third request leaks, through the body or through one header; the others answer
      // the same status without it (a cache of verdicts must tell them apart).
      const bool leak = count % 3 == 0;
      if (path == "/sometimes-trace") {
        response.result(http::status::internal_server_error);
        response.body() = leak ? "Traceback (most recent call last):\n  File \"/var/task/app.py\", "
                                 "line 42, in handler\n    return db.query(sql)\nKeyError: 'id'\n"
                               : "internal error";
      } else {
        if (leak) response.set("X-Powered-By", "PHP/7.4.3");
        response.body() = "ok";
      }
      if (leak) ++leaky_sent_;
    } else if (path == "/powered") {
      response.set("X-Powered-By", "Express");  // the leak detector's `info`, not a leak
      response.body() = "ok";
    } else if (path == "/json") {
      response.set(http::field::content_type, "application/json");
      response.body() = R"({"status":"ok","count":3})";
    } else if (path == "/stall") {
      std::this_thread::sleep_for(std::chrono::milliseconds(stall_ms));
      response.body() = "late";
    } else {
      response.body() = path == "/ok" || path == "/close" ? "ok" : "unknown path";
      if (path != "/ok" && path != "/close") response.result(http::status::not_found);
    }
    response.keep_alive(path != "/close" && request.keep_alive());
    response.prepare_payload();
    http::write(s, response, ec);
    if (ec || !response.keep_alive()) break;
  }
  s.shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace walletfuzz::loadgen::testing
