#pragma once
// Raw HTTP/1.x responses as `walletfuzz scan` reads them from files: status line, headers and a
// body framed by Transfer-Encoding: chunked, Content-Length or the end of input, plus
// Content-Encoding gzip/deflate decoding. Every size is capped, so hostile input (a gzip bomb,
// a 100 MB chunk size, a truncated chunk) yields an error or a bounded, flagged result.
//
//   auto parsed = walletfuzz::detectors::parse_raw_response(bytes, 1 << 20, "resp.http");
//   if (parsed.body_truncated) std::cerr << "note: body cut at the cap\n";
//   detector.scan_response(parsed.response);

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::detectors {

/// A parsed response. `response.body` is the transfer-decoded body (chunks joined), still
/// content-encoded; `problems` lists non-fatal defects ("chunked body ends inside a chunk").
struct ParsedResponse {
  walletfuzz::Response response;
  bool body_truncated = false;  ///< the body was longer than the cap and was cut
  std::vector<std::string> problems;
};

/// True when `bytes` starts like an HTTP/1.x response ("HTTP/1.1 200 ...").
bool looks_like_http_response(std::string_view bytes) noexcept;

/// Parses one raw response, keeping at most `max_body_bytes` of body. A malformed status line
/// or header field throws walletfuzz::InputError naming `source`, the line and the field;
/// defects of the body framing (bad chunk size, early end) are recorded in `problems` and the
/// body decoded so far is kept, so a truncated leak is still scanned.
ParsedResponse parse_raw_response(std::string_view raw, std::size_t max_body_bytes,
                                  std::string_view source = "<input>");

/// Result of undoing a Content-Encoding.
struct DecodedBody {
  std::string bytes;
  bool ok = true;          ///< false: not valid gzip/deflate (bytes holds what was decoded)
  bool truncated = false;  ///< output reached the cap and decoding stopped
};

/// Undoes `content_encoding` ("gzip", "x-gzip", "deflate"; anything else, or "identity", is
/// returned unchanged) producing at most `max_bytes` bytes. Raw and zlib-wrapped deflate are
/// both accepted, as browsers do.
DecodedBody decode_content(std::string_view body, std::string_view content_encoding,
                           std::size_t max_bytes);

}  // namespace walletfuzz::detectors
