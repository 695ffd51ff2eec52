#pragma once
// The pricing files compiled into the library (generated from cost_model/pricing/*.yaml).

#include <span>

namespace walletfuzz::cost_model::detail {

struct BuiltinPricingFile {
  const char* name;  ///< "cost_model/pricing/aws_lambda.yaml", used in error messages
  const char* text;
};

std::span<const BuiltinPricingFile> builtin_pricing_files();

}  // namespace walletfuzz::cost_model::detail
