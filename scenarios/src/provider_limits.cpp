#include "walletfuzz/scenarios/provider_limits.hpp"

#include <algorithm>

#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::scenarios {

const std::vector<ProviderLimits>& provider_limits() {
  static const std::vector<ProviderLimits> table = {
      // "between 128 MB and 10,240 MB, in 1-MB increments"; timeout "up to ... 900 seconds".
      {"aws-lambda",
       {"x86_64", "arm64"},
       128,
       10240,
       {},
       900'000,
       128,
       3'000,
       "AWS Lambda allows 128-10240 MB"},
      // 1st gen offers fixed sizes; 540 s maximum timeout, 60 s default.
      {"gcp-cloud-functions-gen1",
       {"x86_64"},
       128,
       8192,
       {128, 256, 512, 1024, 2048, 4096, 8192},
       540'000,
       256,
       60'000,
       "Cloud Functions (1st gen) offers 128, 256, 512, 1024, 2048, 4096 or 8192 MB"},
      // Cloud Run functions: 128 MiB - 32 GiB, request timeout up to 60 min, 60 s default.
      {"gcp-cloud-run-functions",
       {"x86_64"},
       128,
       32768,
       {},
       3'600'000,
       512,
       60'000,
       "Cloud Run allows 128-32768 MB"},
      // Consumption plan: memory metered up to 1,536 MB; 10 min maximum timeout, 5 min default.
      {"azure-functions-consumption",
       {"x86_64"},
       128,
       1536,
       {},
       600'000,
       1536,
       300'000,
       "Azure Functions Consumption meters 128-1536 MB"},
      // Flex Consumption: instance sizes 512, 2048 and 4096 MB; 30 min default timeout, bounded
      // at 60 min as in cost_model/pricing/azure_functions_flex.yaml.
      {"azure-functions-flex",
       {"x86_64"},
       512,
       4096,
       {512, 2048, 4096},
       3'600'000,
       2048,
       1'800'000,
       "Azure Flex Consumption offers 512, 2048 or 4096 MB instances"},
      // Workers: 128 MB per isolate; CPU time up to 5 min per invocation (30 s default).
      {"cloudflare-workers",
       {"x86_64"},
       128,
       128,
       {},
       300'000,
       128,
       30'000,
       "Cloudflare Workers have 128 MB"},
  };
  return table;
}

const ProviderLimits* find_provider(std::string_view name) {
  for (const ProviderLimits& limits : provider_limits()) {
    if (limits.name == name) return &limits;
  }
  return nullptr;
}

bool ProviderLimits::offers_memory(double memory_mb) const {
  if (!(memory_mb >= min_memory_mb && memory_mb <= max_memory_mb)) return false;
  return memory_sizes.empty() ||
         std::find(memory_sizes.begin(), memory_sizes.end(), memory_mb) != memory_sizes.end();
}

bool ProviderLimits::offers_arch(std::string_view arch) const {
  return std::find(arches.begin(), arches.end(), arch) != arches.end();
}

std::vector<std::string> known_providers() {
  std::vector<std::string> names;
  for (const auto& limits : provider_limits()) names.push_back(limits.name);
  return names;
}

}  // namespace walletfuzz::scenarios
