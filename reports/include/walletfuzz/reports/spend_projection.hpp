#pragma once
// What an attacker sending one request class at a steady rate costs the owner. The cost model
// (cost.json) prices one request of each class; this projects that price over an attack rate,
// capped at the class's throttling point: past it the platform rejects requests (429) instead
// of running them, so spend stops growing. That cap is the point the spend chart marks.
//
//   auto projections = walletfuzz::reports::project_spend(run);
//   double per_day = projections.front().usd_per_day(100);   // worst class at 100 rps

#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/reports/run_data.hpp"

namespace walletfuzz::reports {

/// The spend curve of one request class.
struct SpendProjection {
  std::string class_name;  ///< cost.json class name
  std::string kind;
  std::string handler;
  std::string finding_id;  ///< empty for baseline classes
  double cost_per_request_usd = 0;
  /// Requests per second at which the platform starts throttling this class, when known: the
  /// class's own figure in cost.json, else account concurrency limit / billed seconds per request
  /// (Little's law), else cost.json's concurrency.throttle_rate_rps.
  std::optional<double> throttle_rate_rps;

  /// Requests per second that actually run (and are billed) at an attack rate.
  double billed_rate(double attack_rate_rps) const;
  double usd_per_hour(double attack_rate_rps) const;
  double usd_per_day(double attack_rate_rps) const { return usd_per_hour(attack_rate_rps) * 24; }
};

/// One projection per priced cost class, most expensive per request first (ties by name, so the
/// order is stable). Empty when the run has no cost.json.
std::vector<SpendProjection> project_spend(const RunData& run);

}  // namespace walletfuzz::reports
