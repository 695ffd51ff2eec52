#pragma once
// Range and consistency checks, split by section (validate_target.cpp, validate_plans.cpp).

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::scenarios::detail {

/// Collects problems, each located through the scenario's field locations, and drops those about
/// fields the loader already reported as broken (they would only repeat the first report).
class Checker {
 public:
  Checker(const Scenario& scenario, const LoadOptions& options,
          const std::set<std::string, std::less<>>& failed_fields)
      : scenario_(scenario), options_(options), failed_(failed_fields) {}

  const Scenario& scenario() const noexcept { return scenario_; }
  const LoadOptions& options() const noexcept { return options_; }

  void fail(const std::string& field, std::string message, std::string hint = {});
  /// `value` must lie in [min, max]; the message names the unit.
  void check_range(const std::string& field, double value, double min, double max,
                   std::string_view unit, std::string hint = {});
  /// `value` must be > 0 and ≤ max.
  void check_positive(const std::string& field, double value, double max, std::string_view unit,
                      std::string hint = {});
  /// True if `field` or a field containing it failed to load.
  bool already_failed(std::string_view field) const;

  std::vector<Problem> take() { return std::move(problems_); }

 private:
  const Scenario& scenario_;
  const LoadOptions& options_;
  const std::set<std::string, std::less<>>& failed_;
  std::vector<Problem> problems_;
};

/// Number text for messages: "0.5", "128", "1e-06" (no trailing zeros).
std::string format_number(double value);

void validate_target(Checker& check);
void validate_functions(Checker& check);
void validate_fuzz(Checker& check);
void validate_load(Checker& check);
void validate_pricing_gates_output(Checker& check);

/// Names the fuzz and mix sections may refer to: the scenario's functions plus, for a bundled
/// target, the sample app's handlers.
std::vector<std::string> handler_names(const Scenario& scenario, const LoadOptions& options);

std::vector<Problem> validate_scenario(const Scenario& scenario, const LoadOptions& options,
                                       const std::set<std::string, std::less<>>& failed_fields);

}  // namespace walletfuzz::scenarios::detail
