#pragma once
// The economics a manager asks about, as pure arithmetic: a function's normal traffic (declared
// per month or per second, or observed in a REPORT log), one attacker beside it under the
// concurrency ceiling, and what each mitigation does to the attacker's spend and to legitimate
// traffic. Every figure here is a product of a few measured or declared inputs, so tests check
// them against arithmetic done by hand from the published prices.
//
//   LegitProfile legit{.rate_rps = 2, .duration_ms = 120};
//   AttackCase attack{.rate_rps = 100, .duration_ms = 3000, .cost_per_request_usd = 5.02e-5};
//   SharedCeiling now = under_ceiling(attack, legit, 1000);      // 33.3 rps executed, none lost
//   auto effects = mitigation_effects(model, attack, legit, 1000, {.reserved_concurrency = 10});
//   // effects[0].usd_per_hour == 10 * 3600 / 3 * 5.02e-5 (reserved concurrency K = 10)

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/cost_model/exposure.hpp"
#include "walletfuzz/cost_model/run_inputs.hpp"

namespace walletfuzz::cost_model {

/// Seconds in a billing month (730 hours, as AWS counts).
inline constexpr double kSecondsPerMonth = kHoursPerMonth * 3600.0;

/// A function's normal traffic, as the scenario declares it (`pricing.traffic`).
struct DeclaredTraffic {
  enum class Source { requests_per_month, requests_per_second, report_log };
  Source source = Source::requests_per_month;
  /// Requests per month, requests per second, or the hours the function's REPORT log covers.
  double value = 0;

  /// Requests in a 730-hour month. `log_records`: the REPORT log's invocations (report_log only,
  /// scaled from the hours it covers to a month).
  double requests_per_month(double log_records) const;
  /// "requests_per_month", "requests_per_second" or "from_report_log".
  std::string_view source_name() const;
};

/// Legitimate traffic of one function at its declared rate.
struct LegitProfile {
  double rate_rps = 0;
  double duration_ms = 0;    ///< mean measured duration of a normal request
  double request_bytes = 0;  ///< mean request size
  /// Measured durations of normal requests (the share a shorter timeout would cut); empty: all
  /// last duration_ms.
  std::vector<DurationBucket> durations;
  /// Request sizes of normal requests: (bytes, requests) per baseline class; empty: all are
  /// request_bytes.
  std::vector<std::pair<double, double>> sizes;

  /// Share of normal requests that last longer than `ms`.
  double share_longer_than(double ms) const;
  /// Share of normal requests larger than `bytes`.
  double share_larger_than(double bytes) const;
};

/// One attacker sending one request class (a function's worst finding) at a fixed rate.
struct AttackCase {
  double rate_rps = 0;
  double duration_ms = 0;           ///< mean measured duration of one attack request
  double request_bytes = 0;         ///< size of the attack request
  double cost_per_request_usd = 0;  ///< owner's marginal cost of one executed attack request
};

/// Attack and legitimate traffic sharing `limit` concurrent executions. By Little's law they
/// need rate x duration executions in flight; past the limit the platform throttles (429)
/// arrivals without looking at who sent them, so both lose the same share.
struct SharedCeiling {
  double demand = 0;               ///< executions in flight both need
  double throttled_share = 0;      ///< max(0, 1 - limit / demand), of every request
  double executed_attack_rps = 0;  ///< attack rate x (1 - throttled_share)
  double usd_per_hour = 0;         ///< executed_attack_rps x 3600 x cost per request
  /// The attack rate at which throttling begins: (limit - legit demand) / attack duration;
  /// 0 when legitimate traffic alone fills the limit, none when attack requests take no time.
  std::optional<double> throttle_point_rps;
};
SharedCeiling under_ceiling(const AttackCase& attack, const LegitProfile& legit, double limit);

/// Throttled share of legitimate traffic alone under `limit`: max(0, 1 - limit / (rate x d)).
double legit_throttled_share(const LegitProfile& legit, double limit);

/// The settings whose effect is computed. Unset: suggested_mitigations() fills them.
struct MitigationSettings {
  std::optional<int> reserved_concurrency;
  std::optional<double> rate_limit_rps;  ///< per client
  std::optional<double> timeout_ms;
  std::optional<double> max_request_bytes;
};

/// Fills the unset settings from normal traffic, so each suggestion keeps normal traffic whole:
/// K = twice the concurrency normal traffic needs (at least 1); R = 10 req/s per client;
/// T = 3 x the normal mean duration rounded up to 100 ms (1 s without one); size limit = twice
/// the normal mean request rounded up to 1 KiB (64 KiB without one).
MitigationSettings suggested_mitigations(const MitigationSettings& given,
                                         const LegitProfile& legit);

/// What one mitigation does to the attack.
struct MitigationEffect {
  std::string id;       ///< reserved_concurrency | rate_limit | timeout | input_size_limit
  std::string setting;  ///< "K = 10", "R = 10 req/s per client", "T = 1000 ms", "64 KiB"
  double executed_attack_rps = 0;
  double usd_per_hour = 0;           ///< the attack's spend per hour with the mitigation
  double legit_throttled_share = 0;  ///< of normal traffic at its declared rate
  double legit_throttled_share_under_attack = 0;  ///< of normal traffic during the attack
  std::string note;                               ///< an assumption the figure rests on
  /// The attack rate from which this spend stops growing (a throttling point, or the rate
  /// limit); none when it never grows (a refused attack) or never stops.
  std::optional<double> throttle_point_rps;
};

/// The effect of each mitigation of `settings` (all set) on `attack`, with `legit` traffic
/// beside it and `limit` concurrent executions today. `model` re-prices an attack request cut
/// short by a timeout. A mitigation never raises the attack's spend, except a shorter timeout
/// under the ceiling: shorter requests fit more of them under the limit, each paying the
/// request fee (the note says so when it happens).
std::vector<MitigationEffect> mitigation_effects(const BillingModel& model,
                                                 const AttackCase& attack,
                                                 const LegitProfile& legit, double limit,
                                                 const MitigationSettings& settings);

/// One attack's spend per hour against the attacker's rate, with no mitigation and with each
/// mitigation alone, at the same rates: the data of the report's chart.
struct SpendCurve {
  struct Series {
    std::string id;                            ///< "none", or a MitigationEffect id
    std::string setting;                       ///< the mitigation's setting; empty for "none"
    std::optional<double> throttle_point_rps;  ///< where this spend stops growing
    std::vector<double> usd_per_hour;          ///< one per rate
  };
  std::vector<double> rates_rps;  ///< ascending
  std::vector<Series> series;     ///< "none" first, then mitigation_effects' order
};

/// The curve of `attack` (its rate_rps is the stated rate) beside `legit` under `limit`, each
/// point computed by under_ceiling and mitigation_effects at that rate. The rates are 1, 2 and 5
/// per decade from the decade below the lowest throttling point (at most 1 req/s, at least
/// 0.01) to the decade at or above 10 x the stated rate and 3 x the highest throttling point,
/// plus the stated rate and every throttling point, so each bend sits on a point.
SpendCurve spend_curve(const BillingModel& model, const AttackCase& attack,
                       const LegitProfile& legit, double limit, const MitigationSettings& settings);

}  // namespace walletfuzz::cost_model
