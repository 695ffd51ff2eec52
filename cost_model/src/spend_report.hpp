#pragma once
// cost.json's economics (internal to cost_model): the monthly bill at each function's declared
// traffic and, beside it, one attacker sending the function's worst finding, with what each
// mitigation saves. build_cost_report gathers what was measured per function; this file turns it
// into the records.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "function_bills.hpp"
#include "walletfuzz/cost_model/spend_scenarios.hpp"

namespace walletfuzz::cost_model::detail {

/// What one function was measured doing, for its normal-traffic profile and its worst attack.
struct MeasuredFunction {
  Usage baseline;  ///< its baseline classes in load.json
  std::vector<DurationBucket> baseline_durations;
  std::vector<std::pair<double, double>> baseline_sizes;  ///< (mean bytes, requests) per class
  std::vector<DurationBucket> all_durations;              ///< every load class of the function
  std::optional<Usage> report;                            ///< its REPORT lines
  std::optional<double> finding_baseline_ms;  ///< baseline median findings.json measured
  std::optional<double> peak_memory_used_mb;  ///< largest Max Memory Used of its REPORT lines
  std::string worst_class;                    ///< empty: no priced finding
  AttackCase worst;                           ///< rate left 0: set from the options
};

/// Adds `monthly`, `attack_scenarios`, `right_sizing` and the provider comparison to `report`.
/// `limit_of(key)` is the concurrency a function may use.
void add_spend_report(formats::CostFile& report, const PricingCatalog& catalog,
                      const FunctionModels& models, const CostRunOptions& options,
                      const std::map<std::string, MeasuredFunction>& measured,
                      const std::function<double(const std::string&)>& limit_of);

}  // namespace walletfuzz::cost_model::detail
