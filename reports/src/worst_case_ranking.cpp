#include "worst_case_ranking.hpp"

#include <algorithm>

#include "text_format.hpp"

namespace walletfuzz::reports::detail {
namespace {

// cost.json's projection of the finding's class at the limits, if the run was priced.
const formats::AttackAtLimitsRecord* priced_at_limits(const RunData& run, const Finding& finding) {
  if (!run.cost) return nullptr;
  const CostClass* priced = run.cost_of(finding);
  for (const AttackerProjection& attack : run.cost->attacker) {
    bool ours =
        priced ? attack.class_name == priced->name : attack.class_name == "finding:" + finding.id;
    if (ours && attack.at_limits) return &*attack.at_limits;
  }
  return nullptr;
}

std::string bytes_text(double bytes) {
  if (bytes >= 1024.0 * 1024.0) return format_number(bytes / (1024.0 * 1024.0), 3) + " MB";
  if (bytes >= 1024.0) return format_number(bytes / 1024.0, 3) + " KB";
  return format_number(bytes, 4) + " bytes";
}

struct RowTexts {
  std::string finding, handler, growth, request, billed, cost, timeout_at;
};

RowTexts texts_of(const WorstCaseRow& row) {
  const Finding& f = *row.finding;
  return {f.id,
          f.handler,
          f.growth ? f.growth->words : "",
          bytes_text(row.request_bytes),
          format_ms(row.billed_ms) + (row.reaches_timeout ? " (timeout)" : ""),
          row.usd_per_request ? format_usd(*row.usd_per_request * 1e6) : "not priced",
          row.timeout_request_bytes ? bytes_text(*row.timeout_request_bytes) : "never"};
}

}  // namespace

std::vector<WorstCaseRow> findings_by_worst_case(const ReportContext& context) {
  std::vector<WorstCaseRow> rows;
  bool all_priced = true;
  for (const Finding& finding : context.run.findings) {
    if (!finding.growth || !(finding.growth->worst_case.cost_ns > 0)) continue;
    const formats::WorstCaseRecord& worst = finding.growth->worst_case;
    WorstCaseRow row{.finding = &finding,
                     .request_bytes = worst.request_bytes,
                     .billed_ms = worst.billed_ms,
                     .reaches_timeout = worst.reaches_timeout,
                     .timeout_request_bytes = worst.timeout_request_bytes};
    if (const auto* priced = priced_at_limits(context.run, finding)) {
      row.usd_per_request = priced->cost_per_request_usd;
      row.billed_ms = priced->billed_ms;  // capped at the priced function's own timeout
    }
    all_priced = all_priced && row.usd_per_request.has_value();
    rows.push_back(row);
  }
  // Dollars when every row has them (functions differ in memory size); else billed time.
  std::stable_sort(rows.begin(), rows.end(), [&](const WorstCaseRow& a, const WorstCaseRow& b) {
    if (all_priced && *a.usd_per_request != *b.usd_per_request) {
      return *a.usd_per_request > *b.usd_per_request;
    }
    return a.billed_ms > b.billed_ms;
  });
  return rows;
}

std::string worst_case_table_html(const std::vector<WorstCaseRow>& rows) {
  if (rows.empty()) return "";
  std::string html =
      "<h3>Findings at the limits</h3><p class=\"note\">One request at the largest size the "
      "platform accepts (or the worst value of an unbounded parameter), from how each "
      "finding's cost grows with its size; most expensive first.</p><table><tr><th>Finding</th>"
      "<th>Handler</th><th>Growth</th><th>Request</th><th>Billed</th><th>Per 1M requests</th>"
      "<th>Bills the timeout from</th></tr>";
  for (const WorstCaseRow& row : rows) {
    RowTexts t = texts_of(row);
    html += "<tr><td><a href=\"#finding-" + html_escape(t.finding) + "\">" +
            html_escape(t.finding) + "</a></td><td>" + html_escape(t.handler) + "</td><td>" +
            html_escape(t.growth) + "</td><td class=\"num\">" + html_escape(t.request) +
            "</td><td class=\"num\">" + html_escape(t.billed) + "</td><td class=\"num\">" +
            html_escape(t.cost) + "</td><td class=\"num\">" + html_escape(t.timeout_at) +
            "</td></tr>";
  }
  return html + "</table>";
}

std::string worst_case_table_markdown(const std::vector<WorstCaseRow>& rows) {
  if (rows.empty()) return "";
  std::string out =
      "### Findings at the limits\n\nOne request at the largest accepted size (or an unbounded "
      "parameter's worst value); most expensive first.\n\n| Finding | Handler | Growth | Request "
      "| Billed | Per 1M requests | Bills the timeout from |\n|---|---|---|---:|---:|---:|---:|\n";
  for (const WorstCaseRow& row : rows) {
    RowTexts t = texts_of(row);
    out += "| " + markdown_escape(t.finding) + " | " + markdown_escape(t.handler) + " | " +
           markdown_escape(t.growth) + " | " + markdown_escape(t.request) + " | " +
           markdown_escape(t.billed) + " | " + markdown_escape(t.cost) + " | " +
           markdown_escape(t.timeout_at) + " |\n";
  }
  return out + "\n";
}

}  // namespace walletfuzz::reports::detail
