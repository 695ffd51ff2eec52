#include "walletfuzz/cost_model/right_sizing.hpp"

#include <algorithm>
#include <cmath>

namespace walletfuzz::cost_model {

std::optional<double> suggested_memory_mb(const ComputeRules& rules, double peak_used_mb,
                                          double headroom) {
  const double need = std::max(0.0, peak_used_mb) * (1.0 + std::max(0.0, headroom));
  auto first_at_least = [&](const auto& sizes) -> std::optional<double> {
    for (double size : sizes) {
      if (size >= need) return size;
    }
    return std::nullopt;
  };
  if (!rules.instance_sizes_mb.empty()) {
    std::vector<double> sizes = rules.instance_sizes_mb;
    std::sort(sizes.begin(), sizes.end());
    return first_at_least(sizes);
  }
  if (!rules.cpu_ghz_by_memory_mb.empty()) {
    std::vector<double> sizes;
    for (const auto& [mb, ghz] : rules.cpu_ghz_by_memory_mb) sizes.push_back(mb);
    return first_at_least(sizes);
  }
  const double step = rules.memory_step_mb > 0 ? rules.memory_step_mb : 1;
  const double size = std::max(rules.memory_min_mb, std::ceil(need / step) * step);
  if (size > rules.memory_max_mb) return std::nullopt;
  return size;
}

bool cpu_scales_with_memory(const ComputeRules& rules) {
  return !rules.vcpu_default && !rules.cpu_time;
}

RightSizing right_size(const PricingCatalog& catalog, const BillingModel& model,
                       double peak_used_mb, const Usage& usage, double headroom) {
  RightSizing r{.configured_mb = model.config().memory_mb,
                .peak_used_mb = peak_used_mb,
                .headroom = headroom};
  const BillOptions list_prices{.free_tier = false, .fixed_fees = true};
  r.usd_now = model.bill(usage, list_prices).total_usd;
  r.suggested_mb = r.configured_mb;
  r.usd_suggested = r.usd_now;
  if (model.rules().memory_billing == "observed") {
    r.note = "the provider bills the memory used, not the memory configured";
    return r;
  }
  const std::optional<double> size = suggested_memory_mb(model.rules(), peak_used_mb, headroom);
  if (!size || *size >= r.configured_mb) {
    r.note = "no smaller size leaves " + std::to_string(static_cast<int>(headroom * 100)) +
             " % headroom above the peak";
    return r;
  }
  FunctionConfig smaller = model.config();
  smaller.memory_mb = *size;
  const BillingModel resized(catalog, smaller);
  // The same billed time at the smaller size: memory in proportion (the REPORT lines' own sizes
  // kept), CPU clock and storage as the resized function has them.
  Usage scaled = usage;
  scaled.ghz_ms = scaled.vcpu_ms = scaled.ephemeral_mb_ms = 0;
  resized.add_resource_time(scaled, usage.billed_ms, 0);
  scaled.mb_ms = usage.mb_ms * resized.billed_memory_mb() / model.billed_memory_mb();
  r.suggested_mb = *size;
  r.usd_suggested = resized.bill(scaled, list_prices).total_usd;
  r.saving_usd = r.usd_now - r.usd_suggested;
  if (cpu_scales_with_memory(model.rules())) {
    r.caution = "CPU scales with memory on " + model.sheet().name +
                ": a CPU-bound function runs longer at " + std::to_string(static_cast<int>(*size)) +
                " MB, which can eat the saving; measure at that size before changing it";
  }
  return r;
}

}  // namespace walletfuzz::cost_model
