#include "walletfuzz/reports/spend_projection.hpp"

#include <algorithm>

namespace walletfuzz::reports {

double SpendProjection::billed_rate(double attack_rate_rps) const {
  if (attack_rate_rps <= 0) return 0;
  return throttle_rate_rps ? std::min(attack_rate_rps, *throttle_rate_rps) : attack_rate_rps;
}

double SpendProjection::usd_per_hour(double attack_rate_rps) const {
  return cost_per_request_usd * billed_rate(attack_rate_rps) * 3600.0;
}

std::vector<SpendProjection> project_spend(const RunData& run) {
  std::vector<SpendProjection> projections;
  if (!run.cost) return projections;
  const CostResult& cost = *run.cost;
  for (const CostClass& entry : cost.classes) {
    if (!entry.cost_per_request_usd) continue;
    SpendProjection projection;
    projection.class_name = entry.name;
    projection.kind = entry.kind;
    projection.handler = entry.handler;
    projection.finding_id = entry.finding_id;
    if (projection.finding_id.empty() && entry.name.rfind("finding:", 0) == 0) {
      projection.finding_id = entry.name.substr(8);
    }
    projection.cost_per_request_usd = *entry.cost_per_request_usd;
    if (entry.throttle_rate_rps && *entry.throttle_rate_rps > 0) {
      projection.throttle_rate_rps = entry.throttle_rate_rps;
    } else if (cost.account_concurrency_limit && entry.billed_ms_mean &&
               *entry.billed_ms_mean > 0) {
      // Little's law: concurrency = rate x duration, so the limit is reached at limit / duration.
      projection.throttle_rate_rps =
          *cost.account_concurrency_limit * 1000.0 / *entry.billed_ms_mean;
    } else if (cost.throttle_rate_rps && *cost.throttle_rate_rps > 0) {
      projection.throttle_rate_rps = cost.throttle_rate_rps;
    }
    projections.push_back(std::move(projection));
  }
  std::sort(projections.begin(), projections.end(), [](const auto& a, const auto& b) {
    if (a.cost_per_request_usd != b.cost_per_request_usd) {
      return a.cost_per_request_usd > b.cost_per_request_usd;
    }
    return a.class_name < b.class_name;
  });
  return projections;
}

}  // namespace walletfuzz::reports
