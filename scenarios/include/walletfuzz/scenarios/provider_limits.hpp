#pragma once
// What each provider lets a function be configured with: the one table that `validate` (a
// scenario's functions and pricing) and `cost` (its --provider, --arch, --memory-mb and
// --timeout-s flags) both check against, so neither accepts what the other rejects. Sources:
// the providers' limits pages, summarised in scenarios/README.md. The cost model owns prices;
// this table only bounds settings. Provider names and limits mirror cost_model/pricing/*.yaml
// (scenarios may not depend on cost_model).
//
//   if (auto* limits = walletfuzz::scenarios::find_provider("azure-functions-flex"))
//     if (!limits->offers_memory(1000)) ...  // 512, 2048 or 4096 MB only

#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::scenarios {

struct ProviderLimits {
  std::string name;
  std::vector<std::string> arches;
  unsigned min_memory_mb;
  unsigned max_memory_mb;
  std::vector<unsigned> memory_sizes;  ///< the only sizes offered; empty = any in range
  unsigned max_timeout_ms;
  unsigned default_memory_mb;
  unsigned default_timeout_ms;
  std::string memory_note;  ///< what the range is called in the provider's docs

  /// Whether `memory_mb` is a size the provider offers (in range, and one of memory_sizes).
  bool offers_memory(double memory_mb) const;
  bool offers_arch(std::string_view arch) const;
};

/// Every provider, in the order `known_providers()` lists them.
const std::vector<ProviderLimits>& provider_limits();
/// nullptr for an unknown provider.
const ProviderLimits* find_provider(std::string_view name);

}  // namespace walletfuzz::scenarios
