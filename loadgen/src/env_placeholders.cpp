#include "walletfuzz/loadgen/env_placeholders.hpp"

#include <cstdlib>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::loadgen {
namespace {

constexpr std::string_view kOpen = "${ENV:";

bool valid_name(std::string_view name) noexcept {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string env_placeholder(std::string_view name) {
  return std::string(kOpen) + std::string(name) + "}";
}

std::string env_variable_name(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) return "SECRET";
  if (out[0] >= '0' && out[0] <= '9') out.insert(out.begin(), '_');
  return out;
}

bool has_env_placeholder(std::string_view text) noexcept {
  return text.find(kOpen) != std::string_view::npos;
}

std::string resolve_env_placeholders(std::string_view text, const std::string& where,
                                     const EnvLookup& lookup) {
  std::string out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t open = text.find(kOpen, from);
    if (open == std::string_view::npos) break;
    out.append(text.substr(from, open - from));
    const std::size_t close = text.find('}', open + kOpen.size());
    const std::string_view name =
        close == std::string_view::npos
            ? std::string_view{}
            : text.substr(open + kOpen.size(), close - open - kOpen.size());
    if (close == std::string_view::npos || !valid_name(name)) {
      throw InputError({"", 0, 0, where},
                       "malformed placeholder \"" + std::string(text.substr(open, 40)) + "\"",
                       "write ${ENV:NAME} with NAME of letters, digits and _");
    }
    const std::optional<std::string> value = lookup(std::string(name));
    if (!value) {
      throw InputError({"", 0, 0, where},
                       "environment variable " + std::string(name) +
                           " is not set (used here as "
                           "${ENV:" +
                           std::string(name) + "})",
                       "export " + std::string(name) + " before running replay");
    }
    detectors::add_known_secret(*value);
    out += *value;
    from = close + 1;
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace walletfuzz::loadgen
