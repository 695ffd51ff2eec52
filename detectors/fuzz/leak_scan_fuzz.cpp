// libFuzzer target for the leak scanner: the input is scanned both as a raw HTTP response (the
// parser, chunking and gzip/deflate decoding) and as plain text, with small caps so each run
// is fast. Any crash, sanitizer report or hang is a bug; so is a finding whose range lies
// outside the scanned text or an excerpt longer than the documented bound.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "walletfuzz/detectors/input_scan.hpp"
#include "walletfuzz/detectors/leak_detector.hpp"
#include "walletfuzz/detectors/raw_response.hpp"

namespace wd = walletfuzz::detectors;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance([] {
    wd::DetectorOptions options;
    options.max_body_bytes = 64 << 10;
    options.max_decoded_bytes = 64 << 10;
    return options;
  }());
  return instance;
}

void check(const std::vector<wd::LeakFinding>& findings, std::size_t scanned) {
  for (const auto& finding : findings) {
    if (finding.part == "body" && (finding.begin > finding.end || finding.end > scanned)) {
      std::abort();
    }
    if (finding.excerpt.size() > 512) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto text_findings = detector().scan_text(bytes);
  check(text_findings, std::min(bytes.size(), detector().options().max_body_bytes));

  // The same bytes behind a status line, so the parser and decoders see them too.
  auto as_http = wd::scan_bytes(detector(), "fuzz", bytes);
  (void)as_http;
  if (wd::looks_like_http_response(bytes)) return 0;
  std::string framed =
      "HTTP/1.1 500 Internal Server Error\r\nContent-Encoding: gzip\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  framed.append(bytes);
  auto framed_scan = wd::scan_bytes(detector(), "fuzz", framed);
  (void)framed_scan;
  return 0;
}
