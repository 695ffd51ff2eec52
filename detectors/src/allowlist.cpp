#include "walletfuzz/detectors/allowlist.hpp"

#include <cstdint>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::detectors {
namespace {

bool rule_matches(std::string_view pattern, std::string_view rule_id) {
  if (pattern.empty()) return true;
  if (pattern.back() == '*') {
    pattern.remove_suffix(1);
    return rule_id.substr(0, pattern.size()) == pattern;
  }
  return pattern == rule_id;
}

bool is_hex_digit(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

const LeakAllowRule* LeakAllowlist::match(std::string_view rule_id, std::string_view fingerprint,
                                          std::string_view function) const {
  for (const auto& entry : entries) {
    if (!rule_matches(entry.rule, rule_id)) continue;
    if (!entry.fingerprint.empty() && entry.fingerprint != fingerprint) continue;
    if (!entry.function.empty() && entry.function != function) continue;
    return &entry;
  }
  return nullptr;
}

std::size_t LeakAllowlist::apply(std::vector<LeakFinding>& findings,
                                 std::string_view function) const {
  std::size_t count = 0;
  for (auto& finding : findings) {
    if (!finding.allowlisted && match(finding.rule_id, finding.fingerprint, function)) {
      finding.allowlisted = true;
      ++count;
    }
  }
  return count;
}

std::string allow_rule_problem(const LeakAllowRule& rule) {
  if (rule.rule.empty() && rule.function.empty() && rule.fingerprint.empty()) {
    return "an allowlist entry needs a rule, a function or a fingerprint";
  }
  if (!rule.fingerprint.empty()) {
    bool hex = rule.fingerprint.size() == 16;
    for (char c : rule.fingerprint) hex = hex && is_hex_digit(c);
    if (!hex) return "fingerprint must be 16 lower-case hex digits, as walletfuzz scan prints it";
  }
  return {};
}

LeakAllowRule parse_allow_spec(std::string_view spec, std::string_view field) {
  LeakAllowRule rule;
  Location where{"", 0, 0, std::string(field)};
  while (!spec.empty()) {
    std::size_t eq = spec.find('=');
    if (eq == std::string_view::npos) {
      throw InputError(where, "expected key=value, got '" + std::string(spec) + "'",
                       "use rule=ID,function=NAME,fingerprint=HEX,reason=TEXT");
    }
    std::string_view key = spec.substr(0, eq);
    std::string_view rest = spec.substr(eq + 1);
    if (key == "reason") {  // free text: takes the rest, commas included
      rule.reason = std::string(rest);
      break;
    }
    std::size_t comma = rest.find(',');
    std::string value(rest.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (key == "rule") {
      rule.rule = value;
    } else if (key == "function") {
      rule.function = value;
    } else if (key == "fingerprint") {
      rule.fingerprint = value;
    } else {
      throw InputError(where, "unknown key '" + std::string(key) + "'",
                       "use rule, function, fingerprint or reason");
    }
  }
  if (auto problem = allow_rule_problem(rule); !problem.empty()) throw InputError(where, problem);
  return rule;
}

std::string evidence_fingerprint(std::string_view rule_id, std::string_view excerpt) {
  // FNV-1a, 64 bits: stable across builds and platforms, which std::hash is not.
  std::uint64_t hash = 1469598103934665603ull;
  auto mix = [&hash](unsigned char c) {
    hash ^= c;
    hash *= 1099511628211ull;
  };
  for (char c : rule_id) mix(static_cast<unsigned char>(c));
  mix(0);
  bool in_digits = false;
  for (char c : excerpt) {
    bool digit = c >= '0' && c <= '9';
    if (digit && in_digits) continue;
    in_digits = digit;
    mix(static_cast<unsigned char>(digit ? '0' : c));
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 15];
  return out;
}

}  // namespace walletfuzz::detectors
