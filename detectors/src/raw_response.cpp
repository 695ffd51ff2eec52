// Raw HTTP/1.x response parsing for `walletfuzz scan`. Lenient where real servers are (bare LF
// line ends, a missing reason phrase, chunk extensions), strict about the parts a scan needs
// (status line, header syntax), and bounded everywhere.

#include "walletfuzz/detectors/raw_response.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::detectors {
namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kMaxHeaderFields = 256;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

// Reads one line (without CR LF or LF) starting at `pos`; false at end of input.
bool next_line(std::string_view raw, std::size_t& pos, std::string_view& line) noexcept {
  if (pos >= raw.size()) return false;
  auto nl = raw.find('\n', pos);
  std::size_t end = nl == std::string_view::npos ? raw.size() : nl;
  line = raw.substr(pos, end - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos = nl == std::string_view::npos ? raw.size() : nl + 1;
  return true;
}

[[noreturn]] void fail(std::string_view source, int line, std::string field, std::string message) {
  throw InputError({std::string(source), line, 0, std::move(field)}, std::move(message));
}

void append_capped(ParsedResponse& out, std::string_view bytes, std::size_t cap) {
  std::size_t room = cap - std::min(cap, out.response.body.size());
  if (bytes.size() > room) {
    out.body_truncated = true;
    bytes = bytes.substr(0, room);
  }
  out.response.body.append(bytes);
}

void read_chunked(std::string_view raw, std::size_t pos, std::size_t cap, ParsedResponse& out) {
  while (true) {
    std::string_view line;
    if (!next_line(raw, pos, line)) {
      out.problems.push_back("chunked body ends before the last chunk");
      return;
    }
    std::string_view size_text = trim(line.substr(0, line.find(';')));
    std::size_t size = 0;
    auto [end, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || ec != std::errc() || end != size_text.data() + size_text.size()) {
      out.problems.push_back("bad chunk size '" + std::string(size_text.substr(0, 32)) + "'");
      return;
    }
    if (size == 0) return;  // trailers, if any, carry nothing we scan
    std::size_t available = raw.size() - pos;
    if (size > available) {
      append_capped(out, raw.substr(pos), cap);
      out.problems.push_back("chunked body ends inside a chunk");
      return;
    }
    append_capped(out, raw.substr(pos, size), cap);
    pos += size;
    if (raw.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (raw.substr(pos, 1) == "\n") {
      pos += 1;
    } else {
      out.problems.push_back("chunk not followed by a line end");
      return;
    }
    if (out.body_truncated) return;
  }
}

}  // namespace

bool looks_like_http_response(std::string_view bytes) noexcept {
  return bytes.substr(0, 5) == "HTTP/";
}

ParsedResponse parse_raw_response(std::string_view raw, std::size_t max_body_bytes,
                                  std::string_view source) {
  ParsedResponse out;
  std::size_t pos = 0;
  std::string_view line;
  next_line(raw, pos, line);
  // "HTTP/1.1 200 OK": version, a three-digit status, an optional reason phrase.
  if (line.size() < 12 || line.substr(0, 5) != "HTTP/" || line[8] != ' ' ||
      (line.size() > 12 && line[12] != ' ')) {
    fail(source, 1, "status line",
         "not an HTTP/1.x status line: '" + std::string(line.substr(0, 40)) + "'");
  }
  int status = 0;
  auto [end, ec] = std::from_chars(line.data() + 9, line.data() + 12, status);
  if (ec != std::errc() || end != line.data() + 12 || status < 100 || status > 999) {
    fail(source, 1, "status code", "status code must be three digits");
  }
  out.response.status = status;

  int line_number = 1;
  bool ended = false;
  while (next_line(raw, pos, line)) {
    ++line_number;
    if (line.empty()) {
      ended = true;
      break;
    }
    if (pos > kMaxHeaderBytes) fail(source, line_number, "headers", "header block over 64 KiB");
    if (out.response.headers.fields().size() >= kMaxHeaderFields) {
      fail(source, line_number, "headers", "more than 256 header fields");
    }
    auto colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? line : line.substr(0, colon);
    if (colon == std::string_view::npos || name.empty() ||
        !std::all_of(name.begin(), name.end(), is_token_char)) {
      fail(source, line_number, "header",
           "malformed header field: '" + std::string(line.substr(0, 40)) + "'");
    }
    out.response.headers.add(name, trim(line.substr(colon + 1)));
  }
  if (!ended) {
    out.problems.push_back("response ends inside the header block");
    return out;
  }

  std::string_view rest = raw.substr(pos);
  auto transfer = out.response.headers.get("Transfer-Encoding");
  if (transfer && transfer->find("chunked") != std::string_view::npos) {
    read_chunked(raw, pos, max_body_bytes, out);
  } else if (auto length_text = out.response.headers.get("Content-Length")) {
    std::size_t length = 0;
    auto [len_end, len_ec] =
        std::from_chars(length_text->data(), length_text->data() + length_text->size(), length);
    if (len_ec != std::errc() || len_end != length_text->data() + length_text->size()) {
      out.problems.push_back("bad Content-Length; reading to end of input");
      length = rest.size();
    }
    if (length > rest.size()) {
      out.problems.push_back("body shorter than Content-Length (truncated response)");
      length = rest.size();
    }
    append_capped(out, rest.substr(0, length), max_body_bytes);
  } else {
    append_capped(out, rest, max_body_bytes);
  }
  return out;
}

DecodedBody decode_content(std::string_view body, std::string_view content_encoding,
                           std::size_t max_bytes) {
  DecodedBody out;
  std::string encoding(trim(content_encoding));
  for (char& c : encoding) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  int window_bits;
  if (encoding == "gzip" || encoding == "x-gzip") {
    window_bits = 16 + MAX_WBITS;
  } else if (encoding == "deflate") {
    // zlib-wrapped per RFC 9110, but some servers send raw deflate: detect by the header.
    bool zlib_header =
        body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0F) == 8 &&
        ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 ==
            0;
    window_bits = zlib_header ? MAX_WBITS : -MAX_WBITS;
  } else {
    out.bytes.assign(body.substr(0, max_bytes));
    out.truncated = body.size() > max_bytes;
    return out;
  }

  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) {
    out.ok = false;
    return out;
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(body.size(), UINT32_MAX));
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    std::size_t room = max_bytes - out.bytes.size();
    if (room == 0) {
      out.truncated = true;  // a bomb, or just a large body: stop at the cap either way
      break;
    }
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = static_cast<uInt>(std::min(sizeof buffer, room));
    rc = inflate(&stream, Z_NO_FLUSH);
    out.bytes.append(buffer,
                     static_cast<std::size_t>(stream.next_out - reinterpret_cast<Bytef*>(buffer)));
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
      out.ok = false;  // input ended before the stream did: truncated
      break;
    }
  }
  if (rc != Z_STREAM_END && !out.truncated && rc != Z_OK) out.ok = false;
  inflateEnd(&stream);
  return out;
}

}  // namespace walletfuzz::detectors
