#pragma once
// The request file: one raw HTTP/1.1 request, byte for byte as it would cross the wire. It is the
// one data format of the pipeline: fuzz inputs, corpus entries, baselines and findings.
//
//   auto parsed = walletfuzz::parse_request("GET /orders?limit=10 HTTP/1.1\r\nHost: x\r\n\r\n");
//   if (!parsed.request) std::cerr << parsed.error << '\n';   // cheap reject, no exception
//   std::string bytes = walletfuzz::serialize_request(*parsed.request);  // same bytes back
//
// Round trip: a request in canonical form ("Name: value" header lines, CRLF line ends, a body
// framed by Content-Length, or chunked as a single chunk) serialises back byte-exact. Other
// spellings (extra spaces around values, several chunks) parse to the same Request and
// serialise to its canonical form.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz {

/// Bounds on what a request file may hold, so a hostile corpus cannot exhaust memory.
struct RequestLimits {
  std::size_t max_header_bytes = 16 * 1024;  ///< request line plus header lines
  std::size_t max_body_bytes = 1024 * 1024;  ///< decoded body
};

/// Result of parsing: a request, or a one-line description of what is malformed.
struct ParseOutcome {
  std::optional<Request> request;
  std::string error;  ///< empty on success, e.g. "bad method in the request line"
};

/// Parses exactly one request from `bytes`. Never throws; trailing bytes after the request, a
/// truncated message and any limit breach are errors.
ParseOutcome parse_request(std::string_view bytes, const RequestLimits& limits = {}) noexcept;

/// Serialises to the canonical wire form. A non-empty body gets a Content-Length (kept
/// consistent with the body) unless the request is chunked, which is written as one chunk.
std::string serialize_request(const Request& request);

/// Reads and parses a request file. Throws InputError naming the file and what is malformed.
Request load_request_file(const std::filesystem::path& path, const RequestLimits& limits = {});

}  // namespace walletfuzz
