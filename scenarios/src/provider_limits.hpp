#pragma once
// What each provider lets a function be configured with. Sources: /work/shared/reference/cost.md
// (AWS docs for Lambda; providers' pricing and limits pages for the others), summarised in
// scenarios/README.md. The cost model owns prices; this table only bounds settings. Provider
// names and limits mirror cost_model/pricing/*.yaml (scenarios may not depend on cost_model).

#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::scenarios::detail {

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
};

const std::vector<ProviderLimits>& provider_limits();
/// nullptr for an unknown provider.
const ProviderLimits* find_provider(std::string_view name);

}  // namespace walletfuzz::scenarios::detail
