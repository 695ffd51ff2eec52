#pragma once
// Changes to registered functions' billing-relevant settings, carried as one line of text to the
// processes that run the handlers. A scenario's `functions:` section may give a bundled handler
// another memory size, timeout or reserved concurrency; the fuzz target (environment variable
// WALLETFUZZ_FUNCTION_SETTINGS) and `walletfuzz serve` (--function-settings) apply the same line,
// so fuzzing, the load test and the bill all use the settings the scenario names.
//
//   auto overrides = parse_settings_overrides("list-orders:memory_mb=512,timeout_ms=6000",
//                                             "--function-settings");
//   apply_settings_overrides(registry, overrides, "--function-settings");

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/handler.hpp"

namespace walletfuzz {

/// The settings one function's scenario entry changes; unset fields keep the handler's own.
struct SettingsOverride {
  std::string handler;
  std::optional<unsigned> memory_mb;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<unsigned> reserved_concurrency;

  bool operator==(const SettingsOverride&) const = default;
};

/// "name:memory_mb=512,timeout_ms=6000,reserved_concurrency=5;other:..." (fields in that order,
/// unset ones left out; a handler with nothing set is left out). Empty for no overrides.
std::string format_settings_overrides(const std::vector<SettingsOverride>& overrides);

/// The inverse of format_settings_overrides. Throws InputError naming `field` (the variable or
/// flag the text came from) for malformed text, an unknown setting, a value out of range
/// (memory 1..10,240 MB, timeout 1 ms..900 s, concurrency 0..1,000,000) or a handler named twice.
std::vector<SettingsOverride> parse_settings_overrides(std::string_view text,
                                                       std::string_view field);

/// Sets each override on the handler of its name (memory also in the function's
/// AWS_LAMBDA_FUNCTION_MEMORY_SIZE, when its environment has one). Throws InputError naming
/// `field` for a handler the registry does not have, listing the ones it has.
void apply_settings_overrides(HandlerRegistry& registry,
                              const std::vector<SettingsOverride>& overrides,
                              std::string_view field);

}  // namespace walletfuzz
