#pragma once
// Gate thresholds: the pass/fail questions a CI job asks of a run. A plain struct, filled by the
// CLI from the scenario's `gates` section (reports does not depend on scenarios) or parsed here
// from "name=value" settings (`walletfuzz report --gate max_p99_ms=500`).
//
//   walletfuzz::reports::GateConfig gates;
//   gates.max_amplification = 100;         // no finding may cost more than 100x its baseline
//   gates.max_attack_usd_per_hour = 5;     // an attacker at 100 rps may not cost us $5/hour
//   auto parsed = walletfuzz::reports::parse_gate_settings({{"max_p99_ms", "500", {}}}, gates);
//   if (!parsed.errors.empty()) std::cerr << parsed.errors.front() << '\n';

#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/core/amplification.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/allowlist.hpp"

namespace walletfuzz::reports {

/// Which request classes the p99 gate looks at.
enum class P99Scope {
  all_classes,    ///< every class, attack classes included
  baseline_only,  ///< normal traffic only: what real users felt while the attack ran
};

/// Thresholds of one run. An unset optional gate is disabled (reported as skipped).
struct GateConfig {
  bool no_new_crashes = true;  ///< fail on a crash/oom finding not seen in the previous run
  bool no_new_leaks = true;    ///< fail on a leak not seen in the previous run
  std::optional<double> max_amplification;  ///< worst finding cost / its baseline cost
  /// Which amplification max_amplification judges: per request byte (findings.json's
  /// size_aware_amplification, the raw one for files without it) or per request.
  AmplificationBasis amplification_basis = AmplificationBasis::size_aware;
  std::optional<double> max_cost_per_million_usd;  ///< any class, US dollars per 1M requests
  std::optional<double> max_p99_ms;                ///< corrected p99 latency of each class
  P99Scope p99_scope = P99Scope::all_classes;
  /// (transport errors + failed response checks) / sent, over normal traffic (0-1)
  std::optional<double> max_error_rate;
  /// 429 responses (how the provider's throttles reach a client) / sent, normal traffic (0-1)
  std::optional<double> max_throttled_rate;
  std::optional<double> max_attack_usd_per_hour;  ///< owner spend caused by one attacker at R
  double attack_rate_rps = 100;  ///< R: the attack rate of the spend gate and of the summary
  /// Accepted leaks (scenario leaks.allow, `--allow-leak`): counted and listed, but a new one
  /// does not fail no_new_leaks.
  detectors::LeakAllowlist leak_allowlist;
};

/// One "name=value" setting and where it came from (a flag, or a scenario file line).
struct GateSetting {
  std::string name;   ///< "max_amplification", "max_p99_ms", ...
  std::string value;  ///< "100", "true", "$5", "baseline"
  Location where;     ///< for error messages
};

/// The config after applying settings, and every problem found (all at once, one line each,
/// naming the setting's location). The config is only meaningful when `errors` is empty.
struct GateParseResult {
  GateConfig config;
  std::vector<std::string> errors;
};

/// Applies `settings` over `base`. Names: no_new_crashes, no_new_leaks (true/false),
/// max_amplification, max_cost_per_million_usd, max_p99_ms, max_attack_usd_per_hour,
/// max_error_rate, max_throttled_rate (shares 0-1, or "5%"), attack_rate_rps (numbers; "$" and
/// "ms"/"x"/"rps" suffixes accepted), p99_scope (all|baseline); "off" disables a numeric gate.
GateParseResult parse_gate_settings(const std::vector<GateSetting>& settings, GateConfig base = {});

/// Splits "name=value" (a --gate flag) into a setting located at `where`. Throws InputError when
/// there is no '='.
GateSetting split_gate_flag(const std::string& text, Location where = {"", 0, 0, "--gate"});

/// Problems of a config built in code (negative thresholds, a zero attack rate), one line each.
std::vector<std::string> validate_gate_config(const GateConfig& config);

/// The names parse_gate_settings() accepts, for help texts and the scenario schema.
const std::vector<std::string>& gate_setting_names();

}  // namespace walletfuzz::reports
