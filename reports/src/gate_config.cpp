// Parsing and validation of gate thresholds (evaluation lives in gate_evaluation.cpp).
#include "walletfuzz/reports/gate_config.hpp"

#include <charconv>
#include <cmath>

namespace walletfuzz::reports {

namespace {

std::string located(const Location& where, const std::string& message) {
  std::string prefix = to_string(where);
  return prefix.empty() ? message : prefix + ": " + message;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

// "100", "$5.50", "500ms", "100x", "250 rps" -> the number; nullopt when not a plain number
// with one of the accepted decorations.
std::optional<double> parse_amount(std::string_view text) {
  std::string value = trimmed(text);
  std::string_view view(value);
  if (!view.empty() && view.front() == '$') view.remove_prefix(1);
  for (std::string_view suffix : {"rps", "ms", "x", "usd"}) {
    if (view.size() > suffix.size() && view.substr(view.size() - suffix.size()) == suffix) {
      view.remove_suffix(suffix.size());
      while (!view.empty() && view.back() == ' ') view.remove_suffix(1);
      break;
    }
  }
  double number = 0;
  auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), number);
  if (ec != std::errc() || end != view.data() + view.size() || view.empty()) return std::nullopt;
  if (!std::isfinite(number)) return std::nullopt;
  return number;
}

std::optional<bool> parse_flag(std::string_view text) {
  std::string value = trimmed(text);
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& gate_setting_names() {
  static const std::vector<std::string> names{
      "no_new_crashes", "no_new_leaks",      "max_amplification",       "max_cost_per_million_usd",
      "max_p99_ms",     "p99_scope",         "max_attack_usd_per_hour", "attack_rate_rps",
      "max_error_rate", "max_throttled_rate"};
  return names;
}

GateParseResult parse_gate_settings(const std::vector<GateSetting>& settings, GateConfig base) {
  GateParseResult result{std::move(base), {}};
  GateConfig& config = result.config;
  for (const GateSetting& setting : settings) {
    auto error = [&](const std::string& message) {
      result.errors.push_back(located(setting.where, setting.name + ": " + message));
    };
    const std::string& name = setting.name;
    if (name == "no_new_crashes" || name == "no_new_leaks") {
      auto flag = parse_flag(setting.value);
      if (!flag) {
        error("expected true or false, got \"" + setting.value + "\"");
        continue;
      }
      (name == "no_new_crashes" ? config.no_new_crashes : config.no_new_leaks) = *flag;
      continue;
    }
    if (name == "p99_scope") {
      std::string value = trimmed(setting.value);
      if (value == "all") {
        config.p99_scope = P99Scope::all_classes;
      } else if (value == "baseline") {
        config.p99_scope = P99Scope::baseline_only;
      } else {
        error("expected all or baseline, got \"" + setting.value + "\"");
      }
      continue;
    }
    std::optional<double>* threshold = nullptr;
    if (name == "max_amplification") threshold = &config.max_amplification;
    if (name == "max_cost_per_million_usd") threshold = &config.max_cost_per_million_usd;
    if (name == "max_p99_ms") threshold = &config.max_p99_ms;
    if (name == "max_attack_usd_per_hour") threshold = &config.max_attack_usd_per_hour;
    const bool share = name == "max_error_rate" || name == "max_throttled_rate";
    if (name == "max_error_rate") threshold = &config.max_error_rate;
    if (name == "max_throttled_rate") threshold = &config.max_throttled_rate;
    if (threshold == nullptr && name != "attack_rate_rps") {
      error(
          "unknown gate (known: max_amplification, max_cost_per_million_usd, max_p99_ms, "
          "max_attack_usd_per_hour, attack_rate_rps, max_error_rate, max_throttled_rate, "
          "p99_scope, no_new_crashes, no_new_leaks)");
      continue;
    }
    if (share && trimmed(setting.value) != "off") {
      // A share of the requests sent: 0.01 or 1%.
      std::string value = trimmed(setting.value);
      const bool percent = !value.empty() && value.back() == '%';
      if (percent) value.pop_back();
      auto amount = parse_amount(value);
      if (amount && percent) *amount /= 100;
      if (!amount || *amount < 0 || *amount > 1) {
        error("expected a share between 0 and 1 (or 0% to 100%), got \"" + setting.value + "\"");
      } else {
        *threshold = *amount;
      }
      continue;
    }
    if (threshold != nullptr && trimmed(setting.value) == "off") {
      threshold->reset();
      continue;
    }
    auto amount = parse_amount(setting.value);
    if (!amount) {
      error("expected a number, got \"" + setting.value + "\"");
    } else if (*amount < 0) {
      error("must not be negative");
    } else if (threshold == nullptr) {
      if (*amount <= 0) {
        error("must be positive (requests per second)");
      } else {
        config.attack_rate_rps = *amount;
      }
    } else {
      *threshold = *amount;
    }
  }
  return result;
}

GateSetting split_gate_flag(const std::string& text, Location where) {
  auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw InputError(std::move(where), "expected name=value, got \"" + text + "\"",
                     "for example --gate max_p99_ms=500");
  }
  return {trimmed(std::string_view(text).substr(0, equals)), text.substr(equals + 1),
          std::move(where)};
}

std::vector<std::string> validate_gate_config(const GateConfig& config) {
  std::vector<std::string> errors;
  auto check = [&](const std::optional<double>& value, const char* name) {
    if (value && (!std::isfinite(*value) || *value < 0)) {
      errors.push_back(std::string(name) + ": must be a number that is not negative");
    }
  };
  check(config.max_amplification, "max_amplification");
  check(config.max_cost_per_million_usd, "max_cost_per_million_usd");
  check(config.max_p99_ms, "max_p99_ms");
  check(config.max_attack_usd_per_hour, "max_attack_usd_per_hour");
  check(config.max_error_rate, "max_error_rate");
  check(config.max_throttled_rate, "max_throttled_rate");
  for (const auto& [value, name] : {std::pair{config.max_error_rate, "max_error_rate"},
                                    std::pair{config.max_throttled_rate, "max_throttled_rate"}}) {
    if (value && *value > 1) errors.push_back(std::string(name) + ": a share, at most 1");
  }
  if (!std::isfinite(config.attack_rate_rps) || config.attack_rate_rps <= 0) {
    errors.push_back("attack_rate_rps: must be positive (requests per second)");
  }
  return errors;
}

}  // namespace walletfuzz::reports
