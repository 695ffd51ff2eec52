#pragma once
// Test helper: a blocking HTTP/1.1 client for loopback, sending raw request files as bytes.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <string>

namespace walletfuzz::testing {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// Sends `raw` to 127.0.0.1:`port` on a new connection and reads one response; nullopt if the
/// connection fails or drops before a whole response arrives.
inline std::optional<HttpResponse> send_raw(unsigned short port, const std::string& raw) {
  namespace net = boost::asio;
  namespace http = boost::beast::http;
  net::io_context io;
  net::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect({net::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return std::nullopt;
  net::write(socket, net::buffer(raw), ec);
  if (ec) return std::nullopt;
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(socket, buffer, parser, ec);
  if (ec) return std::nullopt;
  return parser.release();
}

inline std::string get_request(std::string_view target) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

}  // namespace walletfuzz::testing
