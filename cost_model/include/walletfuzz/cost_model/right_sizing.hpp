#pragma once
// Right-sizing from REPORT lines: the memory a function was measured to use (Max Memory Used)
// against what it is configured with, a smaller size on the provider's memory grid that keeps
// some headroom, and what that saves at the function's declared traffic.
//
//   auto size = suggested_memory_mb(lambda.rules(), 180, 0.2);   // 216 MB (1 MB steps)
//   RightSizing r = right_size(catalog, lambda, 180, monthly_usage);
//   // r.saving_usd: the same invocations billed at r.suggested_mb, durations unchanged
//
// Unlike AWS Lambda Power Tuning, which runs the function at several memory sizes and measures
// each, this is a static estimate from one size: it assumes durations do not change, which is
// wrong for CPU-bound code where CPU scales with memory (the caution says so).

#include <optional>
#include <string>

#include "walletfuzz/cost_model/billing.hpp"

namespace walletfuzz::cost_model {

/// Headroom kept above the peak measured memory use by default (20 %).
inline constexpr double kDefaultMemoryHeadroom = 0.2;

/// The smallest memory size the provider offers that is at least peak x (1 + headroom): the
/// next instance size or listed size, else rounded up to the memory step, within its range.
/// None when no size is that large.
std::optional<double> suggested_memory_mb(const ComputeRules& rules, double peak_used_mb,
                                          double headroom);

/// True when a smaller memory size also means less CPU (AWS Lambda: 1,769 MB is one vCPU; GCF
/// 1st gen's clock per size; instance sizes): every provider whose vCPU is not set on its own
/// and which bills wall time.
bool cpu_scales_with_memory(const ComputeRules& rules);

struct RightSizing {
  double configured_mb = 0;
  double peak_used_mb = 0;
  double headroom = kDefaultMemoryHeadroom;
  double suggested_mb = 0;  ///< configured_mb when no smaller size keeps the headroom
  double usd_now = 0;       ///< `usage` billed at the configured size (list prices)
  double usd_suggested = 0;
  double saving_usd = 0;
  std::string caution;  ///< set when CPU scales with memory
  std::string note;     ///< why nothing is suggested, when so
};

/// Right-sizes `model`'s function for `usage` (a month of its invocations). The suggested size's
/// bill keeps every invocation's billed duration and scales its memory. Throws InputError only
/// for a catalog the model was not built from.
RightSizing right_size(const PricingCatalog& catalog, const BillingModel& model,
                       double peak_used_mb, const Usage& usage,
                       double headroom = kDefaultMemoryHeadroom);

}  // namespace walletfuzz::cost_model
