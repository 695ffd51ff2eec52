#include "walletfuzz/cost_model/provider_comparison.hpp"

#include <algorithm>
#include <cmath>

#include "function_bills.hpp"

namespace walletfuzz::cost_model {

std::vector<ProviderPrice> compare_providers(const PricingCatalog& catalog,
                                             const std::vector<WorkloadFunction>& workload) {
  std::vector<ProviderPrice> out;
  for (const std::string& provider : catalog.providers("compute")) {
    const PricingSheet& sheet = catalog.sheet(provider, {});
    ProviderPrice price{.provider = provider, .name = sheet.name, .region = sheet.region};
    std::vector<BillingModel> models;  // kept alive for the account bill
    models.reserve(workload.size());
    std::vector<Usage> usages;
    bool all_run = true;
    for (const WorkloadFunction& f : workload) {
      ProviderFunctionPrice cell{.function = f.name};
      FunctionConfig config = f.config;
      config.provider = provider;
      config.addons.clear();
      config.free_tier = false;
      config.vcpu.reset();
      const auto& arches = sheet.compute->architectures;
      if (!arches.empty() && std::find(arches.begin(), arches.end(), config.arch) == arches.end()) {
        cell.note = config.arch + " is not offered: priced on " + arches.front();
        config.arch = arches.front();
      }
      try {
        models.emplace_back(catalog, config);
      } catch (const InputError& e) {
        cell.reason = e.message() + (e.hint().empty() ? "" : " (" + e.hint() + ")");
        all_run = false;
        price.functions.push_back(std::move(cell));
        continue;
      }
      const BillingModel& model = models.back();
      Usage usage;
      for (const DurationBucket& b : f.durations) {
        const auto count = static_cast<std::uint64_t>(
            std::llround(static_cast<double>(b.count) * std::max(0.0, f.scale)));
        model.add_bucket(usage, b.duration_ms, count);
      }
      usage.requests = usage.invocations;
      cell.usd = model.bill(usage, {.free_tier = false, .fixed_fees = false}).total_usd;
      usages.push_back(usage);
      price.functions.push_back(std::move(cell));
    }
    detail::AccountBill account;
    for (std::size_t i = 0; i < models.size(); ++i) account.add(models[i], usages[i]);
    if (!account.empty()) {
      Bill bill = account.bill();
      price.line_items = std::move(bill.items);
      if (all_run) price.total_usd = bill.total_usd;
    } else if (all_run) {
      price.total_usd = 0.0;
    }
    out.push_back(std::move(price));
  }
  return out;
}

}  // namespace walletfuzz::cost_model
