#pragma once
// Pieces of cost.json shared by its two writers' files (cost.cpp: classes, functions, the run's
// bill; cost_scenarios.cpp: the monthly bill and the attack scenarios).

#include <vector>

#include "json_fields.hpp"
#include "walletfuzz/formats/cost.hpp"

namespace walletfuzz::formats::detail {

boost::json::array line_items_json(const std::vector<LineItemRecord>& items);
std::vector<LineItemRecord> read_line_items(const JsonObjectView& parent);

/// cost.json's "monthly" (null when absent), "attack_scenarios" and "right_sizing".
boost::json::value monthly_json(const std::optional<MonthlyBillRecord>& monthly);
boost::json::array attack_scenarios_json(const std::vector<AttackScenarioRecord>& scenarios);
std::optional<MonthlyBillRecord> read_monthly(const JsonObjectView& root);
std::vector<AttackScenarioRecord> read_attack_scenarios(const JsonObjectView& root);
boost::json::array right_sizing_json(const std::vector<RightSizingRecord>& records);
std::vector<RightSizingRecord> read_right_sizing(const JsonObjectView& root);
/// "provider_comparison": {"basis", "providers"}; null when there is none.
boost::json::value providers_json(const std::string& basis,
                                  const std::vector<ProviderComparisonRecord>& providers);
void read_providers(const JsonObjectView& root, std::string& basis,
                    std::vector<ProviderComparisonRecord>& providers);

}  // namespace walletfuzz::formats::detail
