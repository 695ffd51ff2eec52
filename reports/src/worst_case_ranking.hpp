#pragma once
// Slow findings at the limits: what one request costs at the largest size the platform accepts
// (or an unbounded parameter's worst value), from scale probing (findings.json growth.worst_case)
// and, when the run was priced, cost.json's attacker[].at_limits. The executive summaries rank
// findings by it rather than by the ratio at the fuzzed size, which a big request inflates and
// a quadratic one hides.

#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/reports/report.hpp"

namespace walletfuzz::reports::detail {

/// One slow finding at the limits.
struct WorstCaseRow {
  const Finding* finding = nullptr;
  double request_bytes = 0;  ///< of one request at the limits
  double billed_ms = 0;      ///< at most the function's timeout
  bool reaches_timeout = false;
  std::optional<double> timeout_request_bytes;  ///< where one request bills the whole timeout
  std::optional<double> usd_per_request;        ///< when cost.json priced it
};

/// Findings with a worst case, most expensive request first: by cost per request when every
/// row is priced, else by billed duration.
std::vector<WorstCaseRow> findings_by_worst_case(const ReportContext& context);

/// The ranking as an HTML table, and as a Markdown table; empty without any row.
std::string worst_case_table_html(const std::vector<WorstCaseRow>& rows);
std::string worst_case_table_markdown(const std::vector<WorstCaseRow>& rows);

}  // namespace walletfuzz::reports::detail
