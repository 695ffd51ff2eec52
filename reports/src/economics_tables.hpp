#pragma once
// The cost report's economics as tables (internal to reports): the monthly bill at declared
// traffic, the attack scenarios beside it, and what each mitigation saves. Built once from
// cost.json and written by both renderers, so report.html and report.md cannot disagree.

#include <optional>
#include <string>
#include <vector>

#include "svg_charts.hpp"
#include "walletfuzz/reports/run_data.hpp"

namespace walletfuzz::reports::detail {

/// A price a table's figures were computed from, for the link under the table.
struct PriceReference {
  std::string what;  ///< "aws-lambda duration-x86_64"
  std::string url;
  std::string as_of;
  bool verified = true;
};

struct EconomicsTable {
  std::string id;     ///< HTML anchor: "monthly", "attacks", "mitigations"
  std::string title;  ///< section heading
  std::string note;   ///< how the figures were computed (one paragraph)
  std::vector<std::string> headers;
  std::vector<bool> numeric;  ///< per column: right-aligned
  std::vector<std::vector<std::string>> rows;
  std::vector<PriceReference> prices;  ///< distinct, in first-seen order
  /// The rows drawn: report.html shows this chart in the table's place, report.md the table.
  std::optional<LogLogChart> chart;
};

/// One of the executive summary's four figures, linked to the table it comes from.
struct HeadlineFigure {
  std::string anchor;  ///< "monthly", "attacks", "mitigations", "right-sizing"
  std::string label;   ///< "Monthly bill at declared traffic"
  std::string value;   ///< "$5.43 per month"
};

/// The four figures a manager reads first, those cost.json supports: the monthly bill, the
/// worst attack's cost per day, the mitigation that brings that attack under
/// `gate_usd_per_hour` (or, without a gate, the one that cuts it most) while turning away the
/// least legitimate traffic, and the saving from right-sizing.
std::vector<HeadlineFigure> headline_figures(const CostResult& cost,
                                             std::optional<double> gate_usd_per_hour);

/// The tables cost.json supports (none without declared traffic or priced findings): the
/// monthly bill, the attacks, the mitigations, one spend curve per attack, right-sizing and the
/// provider comparison, in that order.
std::vector<EconomicsTable> economics_tables(const CostResult& cost);

std::string economics_html(const std::vector<EconomicsTable>& tables);
std::string economics_markdown(const std::vector<EconomicsTable>& tables);

}  // namespace walletfuzz::reports::detail
