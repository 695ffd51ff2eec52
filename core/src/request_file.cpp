#include "walletfuzz/core/request_file.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdio>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz {
namespace http = boost::beast::http;

namespace {

// Beast's messages ("bad method") name the fault; saying where it is helps a person fix the file.
std::string describe(const boost::beast::error_code& ec, bool header_done) {
  if (ec == http::error::header_limit)
    return "request line and headers exceed the header size limit";
  if (ec == http::error::body_limit) return "body exceeds the body size limit";
  if (ec == http::error::partial_message || ec == http::error::need_more) {
    return header_done ? "body is shorter than its framing says (truncated request)"
                       : "request ends before the blank line that closes the headers";
  }
  std::string where = header_done ? "in the body framing" : "in the request line or headers";
  return ec.message() + " " + where;
}

bool is_chunked(const Headers& headers) {
  auto te = headers.get("Transfer-Encoding");
  return te && te->find("chunked") != std::string_view::npos;
}

}  // namespace

ParseOutcome parse_request(std::string_view bytes, const RequestLimits& limits) noexcept {
  ParseOutcome outcome;
  try {
    if (bytes.empty()) {
      outcome.error = "empty request";
      return outcome;
    }
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(limits.max_body_bytes);
    parser.eager(true);

    boost::beast::error_code ec;
    std::size_t used = 0;
    while (!parser.is_done()) {
      std::size_t consumed =
          parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
      used += consumed;
      if (ec == http::error::need_more || (!ec && consumed == 0)) {
        // The parser takes what it can; zero progress or no bytes left means the rest is an
        // incomplete piece (a header line without its CRLF, a short body) and no more will come.
        if (used < bytes.size() && consumed > 0) {
          ec = {};
          continue;
        }
        ec = {};
        parser.put_eof(ec);
        if (ec) {
          outcome.error = describe(ec, parser.is_header_done());
          return outcome;
        }
        break;
      }
      if (ec) {
        outcome.error = describe(ec, parser.is_header_done());
        return outcome;
      }
    }
    if (used < bytes.size()) {
      outcome.error = std::to_string(bytes.size() - used) +
                      " unexpected bytes after the end of the request (check Content-Length)";
      return outcome;
    }

    auto message = parser.release();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.version = message.version();
    for (const auto& field : message) {
      request.headers.add(std::string_view(field.name_string().data(), field.name_string().size()),
                          std::string_view(field.value().data(), field.value().size()));
    }
    request.body = std::move(message.body());
    outcome.request = std::move(request);
  } catch (const std::exception& e) {
    // Allocation failure is the only exception Beast's parser can raise here.
    outcome.request.reset();
    outcome.error = std::string("cannot parse request: ") + e.what();
  }
  return outcome;
}

std::string serialize_request(const Request& request) {
  std::string out;
  out.reserve(request.target.size() + request.body.size() +
              64 * (request.headers.fields().size() + 1));
  out += request.method;
  out += ' ';
  out += request.target;
  out += request.version == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n";

  const bool chunked = is_chunked(request.headers);
  bool wrote_length = false;
  for (const auto& field : request.headers) {
    const bool is_length = iequals(field.name, "Content-Length");
    if (is_length && (wrote_length || chunked)) continue;  // never two or conflicting framings
    out += field.name;
    out += ": ";
    if (is_length) {
      out += std::to_string(request.body.size());
      wrote_length = true;
    } else {
      out += field.value;
    }
    out += "\r\n";
  }
  if (!chunked && !wrote_length && !request.body.empty()) {
    out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  out += "\r\n";
  if (chunked) {
    if (!request.body.empty()) {
      char size[32];
      int n = std::snprintf(size, sizeof size, "%zx\r\n", request.body.size());
      out.append(size, static_cast<std::size_t>(n));
      out += request.body;
      out += "\r\n";
    }
    out += "0\r\n\r\n";
  } else {
    out += request.body;
  }
  return out;
}

Request load_request_file(const std::filesystem::path& path, const RequestLimits& limits) {
  std::string bytes = read_file(path, limits.max_header_bytes + limits.max_body_bytes + 64 * 1024);
  auto parsed = parse_request(bytes, limits);
  if (!parsed.request) {
    throw InputError({path.string(), 0, 0, {}}, "malformed request file: " + parsed.error,
                     "a request file is one raw HTTP/1.1 request with CRLF line ends");
  }
  return std::move(*parsed.request);
}

}  // namespace walletfuzz
