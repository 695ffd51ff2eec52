// libFuzzer target over the scenario loader: any bytes must end in a Scenario or a ScenarioError
// whose problems are one-line and located, never in a crash, a hang or another exception.
// Seeds: the shipped examples (scenarios/*.yaml) and the broken ones (tests/data/scenarios).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "walletfuzz/scenarios/loader.hpp"

namespace ws = walletfuzz::scenarios;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ws::LoadOptions options;
  options.read_files = false;  // stay off the file system: referenced files are not opened
  options.known_handlers = {"list-orders", "signup", "create-payment"};
  try {
    ws::Scenario scenario = ws::load_scenario_from_string(text, "fuzz/scenario.yaml", options);
    // A scenario that loaded is valid: validate() must agree, unless it holds requests the
    // loader did not read (read_files = false), which validate() cannot tell from real ones.
    bool unread_files = false;
    for (const auto& function : scenario.functions) {
      for (const auto& baseline : function.baseline) unread_files |= !baseline.file.empty();
    }
    if (!unread_files && !ws::validate(scenario, options).empty()) std::abort();
  } catch (const ws::ScenarioError& e) {
    if (e.problems().empty()) std::abort();
    for (const ws::Problem& problem : e.problems()) {
      if (problem.message.empty()) std::abort();
      if (ws::to_string(problem).find('\n') != std::string::npos) std::abort();
      if (problem.where.file != "fuzz/scenario.yaml") std::abort();
    }
  }
  return 0;
}
