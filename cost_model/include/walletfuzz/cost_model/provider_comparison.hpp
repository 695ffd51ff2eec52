#pragma once
// The same measured workload priced on every compute provider of the catalog: each function's
// per-sample durations at its own memory size and timeout, billed by each provider's rules. A
// provider that cannot run a function (a timeout over its maximum, memory off its grid) says why
// instead of showing a price.
//
//   std::vector<WorkloadFunction> workload = {{.name = "orders", .config = orders_config,
//                                              .durations = {{120, 1000}}}};
//   for (const ProviderPrice& p : compare_providers(catalog, workload))
//     std::cout << p.provider << ' ' << (p.total_usd ? *p.total_usd : -1) << '\n';

#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/cost_model/run_inputs.hpp"

namespace walletfuzz::cost_model {

/// One function of the workload: how it is deployed today and what it was measured doing.
struct WorkloadFunction {
  std::string name;
  FunctionConfig config;  ///< memory, timeout and arch carried over; provider replaced
  std::vector<DurationBucket> durations;
  double scale = 1;  ///< each bucket's count x scale (a sample scaled to declared traffic)
};

/// One function on one provider: a price, or why it cannot run there.
struct ProviderFunctionPrice {
  std::string function;
  std::optional<double> usd;  ///< list prices, no free tier, no monthly fees
  std::string reason;         ///< set instead of usd
  std::string note;           ///< e.g. the architecture was changed
};

struct ProviderPrice {
  std::string provider;  ///< catalog id
  std::string name;      ///< "AWS Lambda (on-demand)"
  std::string region;
  /// The workload's bill (one account: monthly fees once, no free tier); none when some
  /// function cannot run there.
  std::optional<double> total_usd;
  std::vector<ProviderFunctionPrice> functions;
  /// The bill of the functions it can run, meter by meter, each with its price's source and date.
  std::vector<LineItem> line_items;
};

/// Prices `workload` on every compute provider of `catalog`, compute only: add-ons (API Gateway,
/// data transfer) are the deployment's own and stay out, so the providers compare like for like.
/// A function whose architecture the provider lacks runs on the provider's first one (noted).
std::vector<ProviderPrice> compare_providers(const PricingCatalog& catalog,
                                             const std::vector<WorkloadFunction>& workload);

}  // namespace walletfuzz::cost_model
