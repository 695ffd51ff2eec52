#include "walletfuzz/cost_model/exposure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace walletfuzz::cost_model {
namespace {
constexpr double kEgressBytesPerGb = 1024.0 * 1024.0 * 1024.0;  // egress is billed per 2^30 bytes
}

std::optional<double> amplification(double class_usd_per_request, double baseline_usd_per_request) {
  if (!(baseline_usd_per_request > 0) || !std::isfinite(class_usd_per_request)) return std::nullopt;
  return class_usd_per_request / baseline_usd_per_request;
}

int ConcurrencyLimits::effective() const {
  if (reserved) return std::min(*reserved, account_limit);
  return account_limit;
}

double concurrency_needed(double rate_rps, double mean_duration_s) {
  return std::max(0.0, rate_rps) * std::max(0.0, mean_duration_s);
}

double throttle_onset_rps(double limit, double mean_duration_s, double background_concurrency) {
  const double left = std::max(0.0, limit - std::max(0.0, background_concurrency));
  if (!(mean_duration_s > 0)) return std::numeric_limits<double>::infinity();
  return left / mean_duration_s;
}

double throttled_fraction(double rate_rps, double onset_rps) {
  if (!(rate_rps > 0) || rate_rps <= onset_rps) return 0;
  return 1.0 - onset_rps / rate_rps;
}

AttackProjection project_attack(const AttackInputs& in, const ConcurrencyLimits& limits,
                                const AttackerRates& attacker) {
  AttackProjection p;
  p.rate_rps = std::max(0.0, in.rate_rps);
  p.hours = std::max(0.0, in.hours);
  p.concurrency = concurrency_needed(p.rate_rps, in.mean_duration_s);
  p.throttle_onset_rps =
      throttle_onset_rps(limits.effective(), in.mean_duration_s, in.background_concurrency);
  p.throttled_fraction = throttled_fraction(p.rate_rps, p.throttle_onset_rps);
  p.executed_rps = p.rate_rps * (1.0 - p.throttled_fraction);
  const double seconds = p.hours * 3600.0;
  const double sent = p.rate_rps * seconds;
  const double executed = p.executed_rps * seconds;
  p.owner_cost_usd = executed * in.cost_per_request_usd + sent * in.front_door_usd_per_request;
  p.usd_per_day = p.hours > 0 ? p.owner_cost_usd / p.hours * 24.0 : 0;
  // Whole instances: one request per second still needs one machine for the whole time.
  const double instances = std::ceil(p.rate_rps / attacker.requests_per_second_per_instance);
  p.attacker_cost_usd =
      instances * p.hours * attacker.instance_usd_per_hour +
      sent * std::max(0.0, in.request_bytes) / kEgressBytesPerGb * attacker.egress_usd_per_gb;
  if (p.attacker_cost_usd > 0)
    p.owner_usd_per_attacker_usd = p.owner_cost_usd / p.attacker_cost_usd;
  return p;
}

double monthly_exposure_usd(const AttackInputs& in, const ConcurrencyLimits& limits,
                            const AttackerRates& attacker) {
  AttackInputs month = in;
  month.hours = kHoursPerMonth;
  return project_attack(month, limits, attacker).owner_cost_usd;
}

}  // namespace walletfuzz::cost_model
