#pragma once
// Accepting known findings: an allowlist entry names a rule, a function, a fingerprint of the
// matched evidence, or any combination (all given must match). An allowlisted finding is still
// reported and counted; it only stops failing `walletfuzz scan` (exit 1) and the no_new_leak
// gate. Entries come from the scenario (leaks.allow) or from `--allow` flags.
//
//   LeakAllowlist allow{{parse_allow_spec("rule=stack-trace.node,function=orders", "--allow")}};
//   auto findings = detector.scan_response(response);
//   allow.apply(findings, "orders");   // sets LeakFinding::allowlisted
//
// Fingerprints (LeakFinding::fingerprint, printed by `walletfuzz scan`) hash the rule id and the
// redacted excerpt with digit runs folded, so the same trace with another request id, line
// number or address keeps its fingerprint, while another trace gets another one.

#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/detectors/leak_detector.hpp"

namespace walletfuzz::detectors {

/// One entry. Empty fields match anything; at least one of rule, function, fingerprint is set.
struct LeakAllowRule {
  std::string rule;         ///< a rule id, or a prefix ending in '*' ("stack-trace.*")
  std::string function;     ///< the function whose responses it covers
  std::string fingerprint;  ///< a LeakFinding::fingerprint (16 hex digits)
  std::string reason;       ///< why it is accepted, shown beside the finding
  friend bool operator==(const LeakAllowRule&, const LeakAllowRule&) = default;
};

struct LeakAllowlist {
  std::vector<LeakAllowRule> entries;

  /// The first entry covering a finding of `rule_id` with `fingerprint` from `function` (empty:
  /// not known, so entries naming a function do not match), or nullptr.
  const LeakAllowRule* match(std::string_view rule_id, std::string_view fingerprint,
                             std::string_view function) const;

  /// Sets `allowlisted` on each finding an entry covers; returns how many it set.
  std::size_t apply(std::vector<LeakFinding>& findings, std::string_view function = {}) const;
};

/// "rule=ID,function=NAME,fingerprint=HEX,reason=TEXT" (any subset, reason last since it may
/// hold commas) as the --allow flag takes it. Throws InputError naming `field` for an unknown
/// key, an empty entry or a fingerprint that is not 16 hex digits.
LeakAllowRule parse_allow_spec(std::string_view spec, std::string_view field);

/// Checks one entry (the scenario loader and parse_allow_spec share it); returns the problem in
/// words, or an empty string.
std::string allow_rule_problem(const LeakAllowRule& rule);

/// The fingerprint of a finding of `rule_id` whose redacted excerpt is `excerpt`.
std::string evidence_fingerprint(std::string_view rule_id, std::string_view excerpt);

}  // namespace walletfuzz::detectors
