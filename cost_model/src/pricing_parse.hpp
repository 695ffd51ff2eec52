#pragma once
// Turning a pricing YAML tree into a validated PricingSheet (private to cost_model).

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "walletfuzz/cost_model/pricing.hpp"

namespace walletfuzz::cost_model::detail {

/// The YAML tree of a pricing file's text; throws InputProblems naming file:line:column for a
/// syntax error or a second document.
YAML::Node load_pricing_yaml(std::string_view yaml_text, const std::string& file);

/// Validates every field; throws InputProblems listing every problem, each with file:line:column
/// and the field path.
PricingSheet parse_pricing_node(const YAML::Node& root, const std::string& file);

}  // namespace walletfuzz::cost_model::detail
