// report.md: GitHub-flavoured Markdown for a CI job summary ($GITHUB_STEP_SUMMARY allows 1 MiB;
// findings past the first 50 are counted, not listed, so the file stays far below that).
#include <algorithm>

#include "economics_tables.hpp"
#include "report_facts.hpp"
#include "text_format.hpp"
#include "walletfuzz/reports/renderers.hpp"
#include "worst_case_ranking.hpp"

namespace walletfuzz::reports {
using namespace detail;

namespace {

constexpr std::size_t kMaxFindingsListed = 50;

std::string md(const std::string& text) {
  return markdown_escape(text);
}

std::string gate_value(const GateResult& gate, const std::optional<double>& value) {
  if (!value) return "";
  if (gate.unit == "USD per hour" || gate.unit == "USD per 1M requests") return format_usd(*value);
  if (gate.unit == "x") return format_ratio(*value);
  if (gate.unit == "ms") return format_ms(*value);
  return format_number(*value);
}

}  // namespace

std::string render_markdown(const ReportContext& context) {
  const RunData& run = context.run;
  double rate = context.gates.attack_rate_rps;
  std::size_t failed = context.verdict.failed_count();
  std::string out = failed == 0
                        ? "## walletfuzz: PASS, every configured gate passed\n\n"
                        : "## walletfuzz: FAIL, " + std::to_string(failed) + " gate(s) failed\n\n";
  out += "Run " + md(context.run_key) + " · generated " + md(context.generated_at) + "\n\n";
  if (auto warning = unusable_load_warning(run)) out += "> **" + md(*warning) + "**\n\n";

  if (run.cost) {
    for (const HeadlineFigure& f :
         headline_figures(*run.cost, context.gates.max_attack_usd_per_hour)) {
      out += "- **" + md(f.label) + ":** " + md(f.value) + "\n";
    }
  }
  auto risks = top_risks(context, 5);
  if (!risks.empty()) {
    const Risk& top = risks.front();
    out += "- **Biggest denial-of-wallet risk:** " + md(top.projection->class_name) + " at " +
           md(format_number(rate)) + " requests/s costs **" + md(format_usd(top.usd_per_day)) +
           " per day** (" + md(format_usd(top.usd_per_hour)) + " per hour)" +
           (top.throttled ? ", capped by throttling" : "") + "\n";
  }
  if (auto worst = worst_amplification(context)) {
    out += "- **Worst amplification:** " + md(worst->finding->id) + " on " +
           md(worst->finding->handler) + ", **" + md(format_ratio(worst->value)) +
           "** a normal request\n";
  }
  auto kinds = findings_by_kind(run);
  out += "- **Crashes:** " + std::to_string(kinds["crash"] + kinds["oom"]) + " · **Leaks:** " +
         std::to_string(kinds["leak"]) + " · **Findings:** " + std::to_string(run.findings.size()) +
         "\n\n";
  out += worst_case_table_markdown(findings_by_worst_case(context));

  out += "### Gates\n\n| Gate | Result | Measured | Limit |\n|---|---|---:|---:|\n";
  for (const GateResult& gate : context.verdict.results) {
    std::string status = !gate.enabled ? "skipped" : gate.passed ? "✅ pass" : "❌ FAIL";
    out += "| " + md(gate.title) + " | " + status + " | " + md(gate_value(gate, gate.measured)) +
           " | " + md(gate_value(gate, gate.threshold)) + " |\n";
  }
  out += "\n";

  if (!risks.empty()) {
    out += "### Top risks at " + md(format_number(rate)) +
           " requests/s\n\n| Class | Kind | Per day | Per hour | Per 1M requests | Throttles at |\n"
           "|---|---|---:|---:|---:|---:|\n";
    for (const Risk& risk : risks) {
      const SpendProjection& p = *risk.projection;
      out +=
          "| " + md(p.class_name) + " | " + md(kind_label(p.kind)) + " | " +
          md(format_usd(risk.usd_per_day)) + " | " + md(format_usd(risk.usd_per_hour)) + " | " +
          md(format_usd(p.cost_per_request_usd * 1e6)) + " | " +
          (p.throttle_rate_rps ? md(format_number(*p.throttle_rate_rps)) + " req/s" : "unknown") +
          " |\n";
    }
    out += "\n";
  }

  if (run.cost) out += economics_markdown(economics_tables(*run.cost));

  const RunComparison& diff = context.comparison;
  out += "### Since the previous run\n\n";
  if (!diff.previous_run) {
    out += "First recorded run: every finding counts as new.\n\n";
  } else {
    out += "Compared with " + md(*diff.previous_run) + ": **" +
           std::to_string(diff.new_findings.size()) + " new**, " +
           std::to_string(diff.fixed_findings.size()) + " fixed, " +
           std::to_string(diff.more_expensive.size()) + " more expensive.\n\n";
    for (const FindingRecord& record : diff.new_findings) {
      out += "- new: " + md(record.id) + " (" + md(kind_label(record.kind)) + ", " +
             md(record.handler) + ")\n";
    }
    for (const FindingRecord& record : diff.fixed_findings) {
      out += "- fixed: " + md(record.id) + " (" + md(kind_label(record.kind)) + ", " +
             md(record.handler) + ")\n";
    }
    for (const CostIncrease& increase : diff.more_expensive) {
      bool dollars = increase.metric == "cost_per_million_usd";
      out += "- more expensive: " + md(increase.label) + " " +
             md(dollars ? format_usd(increase.before) : format_ratio(increase.before)) + " → " +
             md(dollars ? format_usd(increase.after) : format_ratio(increase.after)) +
             (dollars ? " per 1M requests" : " amplification") + "\n";
    }
    out += "\n";
  }

  auto order = findings_in_report_order(run);
  if (!order.empty()) {
    out +=
        "### Findings\n\n| Finding | Kind | Handler | Amplification | Per 1M requests | "
        "Mitigation |\n|---|---|---|---:|---:|---|\n";
    for (std::size_t i = 0; i < order.size() && i < kMaxFindingsListed; ++i) {
      const Finding& finding = *order[i];
      auto amplification = amplification_of(run, finding);
      const CostClass* cost = run.cost_of(finding);
      out +=
          "| " + md(finding.id) + (context.comparison.is_new(finding.signature) ? " (new)" : "") +
          " | " + md(kind_label(finding.kind)) + " | " + md(finding.handler) + " | " +
          (amplification ? md(format_ratio(*amplification)) : "") + " | " +
          (cost && cost->cost_per_million_usd ? md(format_usd(*cost->cost_per_million_usd)) : "") +
          " | " + md(mitigation_for(finding).headline) + " |\n";
    }
    if (order.size() > kMaxFindingsListed) {
      out += "\n" + std::to_string(order.size() - kMaxFindingsListed) +
             " more findings in report.html, summary.json and findings.sarif.\n";
    }
    out += "\n";
  }
  if (run.cost && !run.cost->functions.empty()) {
    out +=
        "### Cost per function\n\nThis run's traffic at each function's own configuration; the "
        "REPORT-log bill is what the runtime's own REPORT lines bill for the same function.\n\n"
        "| Function | Memory | Arch | Invocations | Line items | Estimate | REPORT-log bill | "
        "Difference |\n|---|---:|---|---:|---|---:|---:|---:|\n";
    for (const CostFunction& f : run.cost->functions) {
      std::string items;
      for (const auto& item : f.line_items) {
        items += (items.empty() ? "" : "; ") + item.description + " " + format_usd(item.usd);
      }
      const auto difference = f.difference_pct();
      out += "| " + md(f.name.empty() ? "(other requests)" : f.name) + " | " +
             (f.memory_mb ? md(format_number(*f.memory_mb)) + " MB" : "") + " | " + md(f.arch) +
             " | " + (f.invocations ? md(format_number(*f.invocations, 12)) : "") + " | " +
             md(items) + " | " + (f.total_usd ? md(format_usd(*f.total_usd)) : "") + " | " +
             (f.report_total_usd ? md(format_usd(*f.report_total_usd)) : "") + " | " +
             (difference ? md(format_number(*difference, 3)) + " %" : "") + " |\n";
    }
    out += "\n";
  }
  out += "Full report with charts and reproduction commands: report.html in the run directory.\n";
  return out;
}

}  // namespace walletfuzz::reports
