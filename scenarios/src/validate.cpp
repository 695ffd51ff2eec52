// validate(): the checks that need more than one field's value, and the Checker they share.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "validate_internal.hpp"

namespace walletfuzz::scenarios::detail {

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

void Checker::fail(const std::string& field, std::string message, std::string hint) {
  if (already_failed(field)) return;
  problems_.push_back({locate(scenario_, field), std::move(message), std::move(hint)});
}

void Checker::check_range(const std::string& field, double value, double min, double max,
                          std::string_view unit, std::string hint) {
  if (value >= min && value <= max) return;
  std::string suffix = unit.empty() ? "" : " " + std::string(unit);
  fail(field,
       "is " + format_number(value) + suffix + ", outside " + format_number(min) + "-" +
           format_number(max) + suffix,
       std::move(hint));
}

void Checker::check_positive(const std::string& field, double value, double max,
                             std::string_view unit, std::string hint) {
  std::string suffix = unit.empty() ? "" : " " + std::string(unit);
  if (!(value > 0)) {
    fail(field, "must be positive, got " + format_number(value) + suffix, std::move(hint));
  } else if (value > max) {
    fail(field,
         "is " + format_number(value) + suffix + ", more than the limit of " + format_number(max) +
             suffix,
         std::move(hint));
  }
}

bool Checker::already_failed(std::string_view field) const {
  std::string_view probe = field;
  while (true) {
    if (failed_.count(probe) != 0) return true;
    std::size_t cut = probe.find_last_of(".[");
    if (cut == std::string_view::npos || cut == 0) return failed_.count("") != 0 && false;
    probe = probe.substr(0, cut);
  }
}

std::vector<std::string> handler_names(const Scenario& scenario, const LoadOptions& options) {
  std::vector<std::string> names;
  for (const FunctionSpec& function : scenario.functions) names.push_back(function.name);
  if (scenario.target.kind != TargetKind::url) {
    for (const std::string& name : options.known_handlers) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

std::vector<Problem> validate_scenario(const Scenario& scenario, const LoadOptions& options,
                                       const std::set<std::string, std::less<>>& failed_fields) {
  Checker check(scenario, options, failed_fields);
  if (scenario.version != 1) {
    check.fail("version", "unsupported scenario version " + std::to_string(scenario.version),
               "this walletfuzz reads version 1");
  }
  // The name becomes a directory name (runs/<name>, corpus/<name>).
  const std::string& name = scenario.name;
  bool name_ok =
      !name.empty() && name.size() <= 64 && name != "." && name != ".." &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  if (!name_ok) {
    check.fail("name", "must be 1-64 letters, digits, '-', '_' or '.'",
               "it names the run and corpus directories, e.g. name: nightly-checkout");
  }
  validate_target(check);
  validate_functions(check);
  validate_fuzz(check);
  validate_load(check);
  validate_pricing_gates_output(check);
  return check.take();
}

}  // namespace walletfuzz::scenarios::detail
