// Fuzzes the REPORT log reader and the load.json reader with the same bytes: neither may crash,
// hang or throw anything but InputError, whatever a log export or a hand-edited file contains.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/cost_model/report_log.hpp"
#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/formats/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto log = walletfuzz::cost_model::parse_report_log(text);
  for (const auto& record : log.records) {
    if (record.line == 0 || record.billed_ms < 0 || record.memory_mb <= 0) __builtin_trap();
  }
  try {
    (void)walletfuzz::formats::parse_load(text, "fuzz.json");
  } catch (const walletfuzz::InputError&) {
  }
  try {
    (void)walletfuzz::formats::parse_findings(text, "fuzz.json");
  } catch (const walletfuzz::InputError&) {
  }
  return 0;
}
