#include "walletfuzz/core/settings_override.hpp"

#include <charconv>
#include <cstdint>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {

constexpr std::uint64_t kMaxMemoryMb = 10'240;        // Lambda's largest size
constexpr std::uint64_t kMaxTimeoutMs = 900'000;      // Lambda's longest timeout
constexpr std::uint64_t kMaxConcurrency = 1'000'000;  // far above any account's limit

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::uint64_t parse_number(std::string_view text, std::uint64_t low, std::uint64_t high,
                           const Location& where, std::string_view what) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < low ||
      value > high) {
    throw InputError(where, std::string(what) + " '" + std::string(text) +
                                "' is not a whole number in " + std::to_string(low) + ".." +
                                std::to_string(high));
  }
  return value;
}

SettingsOverride parse_one(std::string_view entry, const Location& where) {
  auto colon = entry.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw InputError(where, "'" + std::string(entry) + "' is not handler:setting=value,...",
                     "e.g. list-orders:memory_mb=512,timeout_ms=6000");
  }
  SettingsOverride o{.handler = std::string(entry.substr(0, colon))};
  for (auto item : split(entry.substr(colon + 1), ',')) {
    auto equals = item.find('=');
    if (equals == std::string_view::npos) {
      throw InputError(where, "'" + std::string(item) + "' in " + o.handler +
                                  "'s settings is not setting=value");
    }
    auto key = item.substr(0, equals);
    auto value = item.substr(equals + 1);
    bool repeated = false;
    if (key == "memory_mb") {
      repeated = o.memory_mb.has_value();
      o.memory_mb = static_cast<unsigned>(parse_number(value, 1, kMaxMemoryMb, where, key));
    } else if (key == "timeout_ms") {
      repeated = o.timeout.has_value();
      o.timeout = std::chrono::milliseconds(parse_number(value, 1, kMaxTimeoutMs, where, key));
    } else if (key == "reserved_concurrency") {
      repeated = o.reserved_concurrency.has_value();
      o.reserved_concurrency =
          static_cast<unsigned>(parse_number(value, 0, kMaxConcurrency, where, key));
    } else {
      throw InputError(where, "unknown setting '" + std::string(key) + "' for " + o.handler,
                       "use memory_mb, timeout_ms or reserved_concurrency");
    }
    if (repeated) {
      throw InputError(where, std::string(key) + " is given twice for " + o.handler);
    }
  }
  return o;
}

}  // namespace

std::string format_settings_overrides(const std::vector<SettingsOverride>& overrides) {
  std::string text;
  for (const auto& o : overrides) {
    std::string fields;
    auto add = [&](std::string_view key, std::uint64_t value) {
      fields += (fields.empty() ? "" : ",") + std::string(key) + "=" + std::to_string(value);
    };
    if (o.memory_mb) add("memory_mb", *o.memory_mb);
    if (o.timeout) add("timeout_ms", static_cast<std::uint64_t>(o.timeout->count()));
    if (o.reserved_concurrency) add("reserved_concurrency", *o.reserved_concurrency);
    if (fields.empty()) continue;
    text += (text.empty() ? "" : ";") + o.handler + ":" + fields;
  }
  return text;
}

std::vector<SettingsOverride> parse_settings_overrides(std::string_view text,
                                                       std::string_view field) {
  std::vector<SettingsOverride> overrides;
  if (text.empty()) return overrides;
  const Location where{.field = std::string(field)};
  for (auto entry : split(text, ';')) {
    SettingsOverride o = parse_one(entry, where);
    for (const auto& earlier : overrides) {
      if (earlier.handler == o.handler) {
        throw InputError(where, "handler '" + o.handler + "' is named twice");
      }
    }
    overrides.push_back(std::move(o));
  }
  return overrides;
}

void apply_settings_overrides(HandlerRegistry& registry,
                              const std::vector<SettingsOverride>& overrides,
                              std::string_view field) {
  for (const auto& o : overrides) {
    HandlerSpec* spec = registry.find(o.handler);
    if (spec == nullptr) {
      std::string known;
      for (const auto& h : registry.handlers()) known += (known.empty() ? "" : ", ") + h.name;
      throw InputError({.field = std::string(field)}, "unknown handler '" + o.handler + "'",
                       "known handlers: " + known);
    }
    FunctionSettings& settings = spec->settings;
    if (o.memory_mb) {
      settings.memory_mb = *o.memory_mb;
      auto size = settings.environment.find("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
      if (size != settings.environment.end()) size->second = std::to_string(*o.memory_mb);
    }
    if (o.timeout) settings.timeout = *o.timeout;
    if (o.reserved_concurrency) settings.reserved_concurrency = *o.reserved_concurrency;
  }
}

}  // namespace walletfuzz
