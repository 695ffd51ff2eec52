#pragma once
// Turning a pricing YAML tree into a validated PricingSheet (private to cost_model).

#include <yaml-cpp/yaml.h>

#include <string>

#include "walletfuzz/cost_model/pricing.hpp"

namespace walletfuzz::cost_model::detail {

/// Validates every field; throws InputError naming file:line and the field path.
PricingSheet parse_pricing_node(const YAML::Node& root, const std::string& file);

}  // namespace walletfuzz::cost_model::detail
