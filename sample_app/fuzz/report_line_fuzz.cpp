// Fuzzes the REPORT line parser: it must never crash or throw, and whatever it accepts must
// survive format -> parse -> format unchanged (the formatter's two decimals are the fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "walletfuzz/sample_app/report_log.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = walletfuzz::parse_report_line(text);
  if (!parsed.line) {
    if (parsed.error.empty()) std::abort();  // a rejection must say why
    return 0;
  }
  std::string once = walletfuzz::format_report_line(*parsed.line);
  auto again = walletfuzz::parse_report_line(once);
  if (!again.line) std::abort();
  if (walletfuzz::format_report_line(*again.line) != once) std::abort();
  return 0;
}
