// Fuzzes the REPORT line parser and formatter together: parsing must never crash or throw, a
// REPORT line it rejects must say why, and whatever it accepts must survive
// format -> parse -> format unchanged (the formatter's two decimals are the fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "walletfuzz/cost_model/report_log.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cm = walletfuzz::cost_model;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto parsed = cm::parse_report_line(text, error);
  if (!parsed) return 0;
  const std::string once = cm::format_report_line(*parsed);
  const auto again = cm::parse_report_line(once, error);
  if (!again) std::abort();
  if (cm::format_report_line(*again) != once) std::abort();
  return 0;
}
