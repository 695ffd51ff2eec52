#pragma once
// What an attacker can make a function's owner spend: amplification of a request class over the
// baseline, projections of sustained attack traffic (with the attacker's own cost beside it),
// and Little's-law concurrency against the account and reserved limits, which says at what rate
// denial of wallet turns into denial of service (throttling of legitimate users).
//
//   auto per_request = model.marginal_usd(slow_usage) / slow_usage.invocations;
//   AttackInputs in{.rate_rps = 100, .hours = 24, .cost_per_request_usd = per_request,
//                   .mean_duration_s = 0.9, .request_bytes = 600};
//   AttackProjection p = project_attack(in, limits, attacker_rates);
//   // p.owner_cost_usd, p.owner_usd_per_attacker_usd, p.throttled_fraction

#include <optional>

#include "walletfuzz/cost_model/pricing.hpp"

namespace walletfuzz::cost_model {

/// Hours in a billing month as AWS counts them (365 * 24 / 12).
inline constexpr double kHoursPerMonth = 730.0;

/// Class cost per request / baseline cost per request of the same handler; nullopt when the
/// baseline is unknown or costs nothing.
std::optional<double> amplification(double class_usd_per_request, double baseline_usd_per_request);

/// The concurrency a function may use: its reserved concurrency when set (capped at the account
/// limit), else the account limit. Default account limit on AWS Lambda: 1,000 per region.
struct ConcurrencyLimits {
  int account_limit = 1000;
  std::optional<int> reserved;
  int effective() const;
};

/// Little's law: requests in flight = arrival rate x mean time in the system.
double concurrency_needed(double rate_rps, double mean_duration_s);
/// The arrival rate at which in-flight requests reach `limit` (throttling, HTTP 429, begins),
/// after `background_concurrency` used by other traffic sharing the limit. 0 when none is left;
/// infinity when the duration is 0.
double throttle_onset_rps(double limit, double mean_duration_s, double background_concurrency = 0);
/// The share of requests throttled at `rate_rps` in steady state: max(0, 1 - onset / rate).
double throttled_fraction(double rate_rps, double onset_rps);

/// One attack scenario: a request class sent at a fixed rate for some hours.
struct AttackInputs {
  double rate_rps = 100;
  double hours = 24;
  double cost_per_request_usd = 0;        ///< owner's marginal cost of one executed request
  double front_door_usd_per_request = 0;  ///< billed even when throttled (API Gateway)
  double mean_duration_s = 0;             ///< for Little's law
  double request_bytes = 0;               ///< attacker's egress per request
  double background_concurrency = 0;      ///< used by legitimate traffic
};

struct AttackProjection {
  double rate_rps = 0;
  double hours = 0;
  double executed_rps = 0;        ///< requests that run (not throttled)
  double throttled_fraction = 0;  ///< legitimate users share this throttling
  double concurrency = 0;         ///< needed at rate_rps (Little's law)
  double throttle_onset_rps = 0;
  double owner_cost_usd = 0;
  double usd_per_day = 0;
  double attacker_cost_usd = 0;  ///< instances + egress
  /// owner_cost / attacker_cost; nullopt when the attacker pays nothing (e.g. a botnet).
  std::optional<double> owner_usd_per_attacker_usd;
};

/// Projects an attack: only requests under the concurrency limit execute and are billed; the
/// front door bills every request; the attacker pays for instances (rounded up to whole
/// instances) and egress.
AttackProjection project_attack(const AttackInputs& in, const ConcurrencyLimits& limits,
                                const AttackerRates& attacker);

/// What the owner pays per month at `rate_rps` sustained for a whole month (730 hours).
double monthly_exposure_usd(const AttackInputs& in, const ConcurrencyLimits& limits,
                            const AttackerRates& attacker);

}  // namespace walletfuzz::cost_model
