#pragma once
// Facts every renderer states the same way: the top risks, the worst amplification, counts by
// kind, and per finding its price, a mitigation and how to reproduce it. Computed here once so
// report.html, report.md and summary.json can never disagree.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/reports/report.hpp"

namespace walletfuzz::reports::detail {

/// A class's spend at the stated attack rate.
struct Risk {
  const SpendProjection* projection = nullptr;
  double usd_per_hour = 0;
  double usd_per_day = 0;
  bool throttled = false;  ///< the stated rate is past the throttling point
};

/// Classes ranked by owner spend per day at gates.attack_rate_rps, at most `limit`.
std::vector<Risk> top_risks(const ReportContext& context, std::size_t limit);

/// The finding with the largest amplification, if any finding has one.
struct WorstAmplification {
  const Finding* finding = nullptr;
  double value = 0;
};
std::optional<WorstAmplification> worst_amplification(const ReportContext& context);

/// The spend curve of a finding's request class, or nullptr when it was not priced.
const SpendProjection* projection_of(const ReportContext& context, const Finding& finding);

/// Amplification of a finding: its own figure, else its cost class's.
std::optional<double> amplification_of(const RunData& run, const Finding& finding);

/// Findings per kind ("slow" -> 3).
std::map<std::string, std::size_t> findings_by_kind(const RunData& run);

/// What to do about a finding: a headline and why, by kind (input validation, timeout,
/// reserved concurrency, rate limiting, error handling).
struct Mitigation {
  std::string headline;  ///< "Input validation"
  std::string advice;    ///< one or two sentences
  std::string also;      ///< the cost-capping measure that applies to every kind
};
Mitigation mitigation_for(const Finding& finding);

/// How to reproduce a finding.
struct Reproduction {
  std::string curl;       ///< empty when the request could not be parsed
  std::string replay;     ///< the `walletfuzz replay` command
  std::string raw;        ///< send the request file's exact bytes (nc)
  bool redacted = false;  ///< the curl command carries redaction markers, not the secrets
};
Reproduction reproduction_for(const ReportContext& context, const Finding& finding);

/// Findings ordered for reading: crashes and leaks first, then by amplification, then by id.
std::vector<const Finding*> findings_in_report_order(const RunData& run);

/// The warning a run whose baselines failed their response checks above the limit carries at
/// the top of every report (its load figures measured an error path), or nullopt.
std::optional<std::string> unusable_load_warning(const RunData& run);

/// Short human label of a finding's kind ("Crash", "Slow input").
std::string kind_label(const std::string& kind);

}  // namespace walletfuzz::reports::detail
