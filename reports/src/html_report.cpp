// report.html: one self-contained page for people who do not read JSON. No script and no
// fetches: a Content-Security-Policy forbids both, so even a rendering bug cannot turn an
// attacker-controlled finding body into active content.
#include <algorithm>

#include "economics_tables.hpp"
#include "growth_chart.hpp"
#include "report_facts.hpp"
#include "svg_charts.hpp"
#include "text_format.hpp"
#include "walletfuzz/reports/renderers.hpp"
#include "worst_case_ranking.hpp"

namespace walletfuzz::reports {
using namespace detail;

namespace {

constexpr std::size_t kMaxFindingsShown = 500;
constexpr std::size_t kMaxChartRows = 15;

constexpr const char* kStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f6f8;color:#1b1f24;line-height:1.45}
main{max-width:980px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{margin:0 0 4px;font-size:28px}h2{margin-top:36px;border-bottom:2px solid #e3e7ec;padding-bottom:4px}
.meta{color:#555;font-size:14px}
.verdict{margin:16px 0;padding:14px 18px;border-radius:6px;font-size:20px;font-weight:600}
.verdict.pass{background:#e6f4ea;color:#1e6b34;border:1px solid #9fd4ae}
.verdict.fail{background:#fdecea;color:#a0271b;border:1px solid #f2a99f}
.headline li{margin:6px 0;font-size:16px}
table{border-collapse:collapse;margin:10px 0;width:100%;font-size:14px}
th,td{border:1px solid #dde2e8;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6}td.num{text-align:right;white-space:nowrap}
.PASS{color:#1e6b34;font-weight:600}.FAIL{color:#a0271b;font-weight:600}.SKIPPED{color:#777}
pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:10px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;font-size:12.5px}
article{border:1px solid #dde2e8;border-radius:6px;padding:4px 16px 12px;margin:16px 0}
article h3{margin:12px 0 4px}.kind{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#e8eef5;margin-right:6px}
.kind.crash,.kind.oom,.kind.leak{background:#fdecea;color:#a0271b}
figure{margin:18px 0}figcaption{font-weight:600;margin-bottom:6px}
.note{color:#555;font-size:13px}
svg.chart{max-width:100%;height:auto}
@media print{body{background:#fff}main{max-width:none;padding:0}h2{margin-top:20px}
h2,h3,figcaption{break-after:avoid}figure,tr,svg{break-inside:avoid}
table{font-size:11px}th,td{padding:3px 5px}td.num{white-space:normal}pre{font-size:10px}}
.unusable{border:2px solid #a0271b;background:#fdecea;color:#a0271b;font-weight:600;padding:10px 14px;border-radius:6px;margin:12px 0}
)css";

std::string cell(const std::string& content, bool numeric = false) {
  return std::string(numeric ? "<td class=\"num\">" : "<td>") + html_escape(content) + "</td>";
}

std::string gate_status(const GateResult& gate) {
  return !gate.enabled ? "SKIPPED" : gate.passed ? "PASS" : "FAIL";
}

std::string gate_number(const GateResult& gate, const std::optional<double>& value) {
  if (!value) return "";
  if (gate.unit == "USD per hour" || gate.unit == "USD per 1M requests") return format_usd(*value);
  if (gate.unit == "x") return format_ratio(*value);
  if (gate.unit == "ms") return format_ms(*value);
  return format_number(*value);
}

std::string executive_summary(const ReportContext& context) {
  std::string html = "<section id=\"summary\"><h2>Executive summary</h2><ul class=\"headline\">";
  if (context.run.cost) {
    for (const HeadlineFigure& f :
         headline_figures(*context.run.cost, context.gates.max_attack_usd_per_hour)) {
      html += "<li><a href=\"#" + f.anchor + "\">" + html_escape(f.label) + "</a>: <b>" +
              html_escape(f.value) + "</b></li>";
    }
  }
  double rate = context.gates.attack_rate_rps;
  auto risks = top_risks(context, 5);
  if (!risks.empty()) {
    const Risk& top = risks.front();
    html += "<li>Biggest denial-of-wallet risk: one attacker sending <b>" +
            html_escape(top.projection->class_name) + "</b> at " +
            html_escape(format_number(rate)) + " requests per second would cost you <b>" +
            html_escape(format_usd(top.usd_per_day)) + " per day</b> (" +
            html_escape(format_usd(top.usd_per_hour)) + " per hour)" +
            (top.throttled ? ", already capped by throttling, which also turns legitimate "
                             "users away"
                           : "") +
            ".</li>";
  } else {
    html += "<li>No cost figures in this run (no cost.json): spend was not projected.</li>";
  }
  if (auto worst = worst_amplification(context)) {
    html += "<li>Worst amplification: finding <a href=\"#finding-" +
            html_escape(worst->finding->id) + "\">" + html_escape(worst->finding->id) +
            "</a> on <b>" + html_escape(worst->finding->handler) + "</b> costs <b>" +
            html_escape(format_ratio(worst->value)) + "</b> what a normal request costs.</li>";
  }
  auto kinds = findings_by_kind(context.run);
  std::size_t crashes = kinds["crash"] + kinds["oom"];
  std::size_t new_crashes = 0, new_leaks = 0;
  for (const Finding& finding : context.run.findings) {
    if (!context.comparison.is_new(finding.signature)) continue;
    if (is_crash_kind(finding.kind)) ++new_crashes;
    if (finding.kind == "leak") ++new_leaks;
  }
  html += "<li>Crashes found: <b>" + std::to_string(crashes) + "</b> (" +
          std::to_string(new_crashes) + " new); leaks found: <b>" + std::to_string(kinds["leak"]) +
          "</b> (" + std::to_string(new_leaks) +
          " new); findings in all: " + std::to_string(context.run.findings.size()) + ".</li>";
  html += "</ul>";
  html += worst_case_table_html(findings_by_worst_case(context));

  if (!risks.empty()) {
    html += "<h3>Top risks at " + html_escape(format_number(rate)) +
            " requests per second</h3><table><tr><th>Request class</th><th>Kind</th>"
            "<th>Handler</th><th>Per day</th><th>Per hour</th><th>Per 1M requests</th>"
            "<th>Throttles at</th></tr>";
    for (const Risk& risk : risks) {
      const SpendProjection& p = *risk.projection;
      html += "<tr>" + cell(p.class_name) + cell(kind_label(p.kind)) + cell(p.handler) +
              cell(format_usd(risk.usd_per_day), true) + cell(format_usd(risk.usd_per_hour), true) +
              cell(format_usd(p.cost_per_request_usd * 1e6), true) +
              cell(p.throttle_rate_rps ? format_number(*p.throttle_rate_rps) + " req/s" : "unknown",
                   true) +
              "</tr>";
    }
    html += "</table>";
  }

  html +=
      "<h3>Gates</h3><table><tr><th>Gate</th><th>Result</th><th>Measured</th><th>Limit</th>"
      "<th>Detail</th></tr>";
  for (const GateResult& gate : context.verdict.results) {
    std::string status = gate_status(gate);
    std::string detail = gate.detail;
    if (!gate.offenders.empty()) {
      detail += ". Over the limit: ";
      for (std::size_t i = 0; i < gate.offenders.size() && i < 10; ++i) {
        detail += (i ? ", " : "") + gate.offenders[i];
      }
      if (gate.offenders.size() > 10)
        detail += " and " + std::to_string(gate.offenders.size() - 10) + " more";
    }
    html += "<tr>" + cell(gate.title) + "<td class=\"" + status + "\">" + status + "</td>" +
            cell(gate_number(gate, gate.measured), true) +
            cell(gate_number(gate, gate.threshold), true) + cell(detail) + "</tr>";
  }
  html += "</table>";

  const RunComparison& diff = context.comparison;
  html += "<h3>Since the previous run</h3>";
  if (!diff.previous_run) {
    html +=
        "<p class=\"note\">This is the first run recorded in the history, so every finding "
        "counts as new.</p>";
  } else {
    html += "<p>Compared with <b>" + html_escape(*diff.previous_run) +
            "</b>: " + std::to_string(diff.new_findings.size()) + " new, " +
            std::to_string(diff.fixed_findings.size()) + " fixed, " +
            std::to_string(diff.more_expensive.size()) + " more expensive.</p><ul>";
    for (const FindingRecord& record : diff.new_findings) {
      html += "<li>New: " + html_escape(record.id) + " (" + html_escape(kind_label(record.kind)) +
              ", " + html_escape(record.handler) + ")</li>";
    }
    for (const FindingRecord& record : diff.fixed_findings) {
      html += "<li>Fixed: " + html_escape(record.id) + " (" + html_escape(kind_label(record.kind)) +
              ", " + html_escape(record.handler) + ")</li>";
    }
    for (const CostIncrease& increase : diff.more_expensive) {
      bool dollars = increase.metric == "cost_per_million_usd";
      html += "<li>More expensive: " + html_escape(increase.label) + " from " +
              html_escape(dollars ? format_usd(increase.before) : format_ratio(increase.before)) +
              " to " +
              html_escape(dollars ? format_usd(increase.after) : format_ratio(increase.after)) +
              (dollars ? " per 1M requests" : " amplification") + "</li>";
    }
    html += "</ul>";
  }
  html += "</section>";
  return html;
}

// Each function's bill at its own configuration, beside the bill of its own REPORT lines.
std::string function_costs(const RunData& run) {
  if (!run.cost || run.cost->functions.empty()) return {};
  std::string html =
      "<section id=\"functions\"><h2>Cost per function</h2><p class=\"note\">This run's "
      "traffic at each function's own memory size and architecture; the REPORT-log bill is what "
      "the runtime's REPORT lines bill for the same function.</p><table><tr><th>Function</th>"
      "<th>Memory</th><th>Arch</th><th>Invocations</th><th>Line items</th><th>Estimate</th>"
      "<th>REPORT-log bill</th><th>Difference</th></tr>";
  for (const CostFunction& f : run.cost->functions) {
    std::string items;
    for (const auto& item : f.line_items) {
      items += (items.empty() ? "" : "; ") + html_escape(item.description) + " " +
               html_escape(format_usd(item.usd));
    }
    const auto difference = f.difference_pct();
    html += "<tr><td>" + html_escape(f.name.empty() ? "(other requests)" : f.name) + "</td><td>" +
            (f.memory_mb ? html_escape(format_number(*f.memory_mb)) + " MB" : "") + "</td><td>" +
            html_escape(f.arch) + "</td><td>" +
            (f.invocations ? html_escape(format_number(*f.invocations, 12)) : "") + "</td><td>" +
            items + "</td><td>" + (f.total_usd ? html_escape(format_usd(*f.total_usd)) : "") +
            "</td><td>" + (f.report_total_usd ? html_escape(format_usd(*f.report_total_usd)) : "") +
            "</td><td>" + (difference ? html_escape(format_number(*difference, 3)) + " %" : "") +
            "</td></tr>";
  }
  return html + "</table></section>";
}

std::string charts(const ReportContext& context) {
  std::string html = "<section id=\"charts\"><h2>Charts</h2>";
  if (!context.spend.empty()) {
    std::vector<Bar> bars;
    std::vector<const SpendProjection*> by_cost;
    for (const SpendProjection& p : context.spend) by_cost.push_back(&p);
    for (std::size_t i = 0; i < by_cost.size() && i < kMaxChartRows; ++i) {
      const SpendProjection& p = *by_cost[i];
      bars.push_back({p.class_name, p.cost_per_request_usd * 1e6,
                      format_usd(p.cost_per_request_usd * 1e6), p.kind != "baseline"});
    }
    html += "<figure><figcaption>Cost per million requests, by class</figcaption>" +
            bar_chart_svg("Cost per million requests by class", "US dollars per 1M requests", bars,
                          context.gates.max_cost_per_million_usd) +
            "</figure>";
  }
  {
    std::vector<std::pair<const Finding*, double>> ranked;
    for (const Finding& finding : context.run.findings) {
      if (auto value = amplification_of(context.run, finding))
        ranked.emplace_back(&finding, *value);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (!ranked.empty()) {
      std::vector<Bar> bars;
      for (std::size_t i = 0; i < ranked.size() && i < kMaxChartRows; ++i) {
        const auto& [finding, value] = ranked[i];
        bool over = context.gates.max_amplification && value > *context.gates.max_amplification;
        bars.push_back(
            {finding->id + " (" + finding->handler + ")", value, format_ratio(value), over});
      }
      html +=
          "<figure><figcaption>Amplification ranking: cost of each finding relative to a "
          "normal request of its handler</figcaption>" +
          bar_chart_svg("Amplification ranking", "times the cost of a normal request", bars,
                        context.gates.max_amplification) +
          "</figure>";
    }
  }
  if (context.run.load) {
    std::vector<LatencyRow> rows;
    std::string table =
        "<table><tr><th>Class</th><th>Requests</th><th>p50</th><th>p90</th>"
        "<th>p99</th><th>p99.9</th><th>p99 uncorrected</th><th>Throttled</th>"
        "<th>Leaks (allowlisted)</th><th>Failed checks</th></tr>";
    for (const LoadClass& entry : context.run.load->classes) {
      LatencyRow row{entry.name, {}, {}};
      for (const char* key : {"p50", "p90", "p99", "p99_9"}) {
        if (entry.latency) {
          if (auto v = entry.latency->get(key)) row.corrected.emplace_back(key, *v);
        }
        if (entry.latency_uncorrected) {
          if (auto v = entry.latency_uncorrected->get(key)) row.uncorrected.emplace_back(key, *v);
        }
      }
      auto show = [](const std::optional<LatencySummary>& summary, const char* key) {
        auto value = summary ? summary->get(key) : std::nullopt;
        return value ? format_ms(*value) : std::string("n/a");
      };
      table +=
          "<tr>" + cell(entry.name) + cell(format_number(static_cast<double>(entry.sent)), true) +
          cell(show(entry.latency, "p50"), true) + cell(show(entry.latency, "p90"), true) +
          cell(show(entry.latency, "p99"), true) + cell(show(entry.latency, "p99_9"), true) +
          cell(show(entry.latency_uncorrected, "p99"), true) +
          cell(format_number(static_cast<double>(entry.throttled)), true) +
          cell(format_number(static_cast<double>(entry.leaks)) + " (" +
                   format_number(static_cast<double>(entry.leaks_allowlisted)) + ")",
               true) +
          cell(entry.checked == 0 ? std::string("not checked")
                                  : format_number(static_cast<double>(entry.check_failures)) +
                                        " of " + format_number(static_cast<double>(entry.checked)),
               true) +
          "</tr>";
      if (rows.size() < kMaxChartRows && (!row.corrected.empty() || !row.uncorrected.empty())) {
        rows.push_back(std::move(row));
      }
    }
    table += "</table>";
    if (!rows.empty()) {
      html +=
          "<figure><figcaption>Latency percentiles by class, corrected beside uncorrected"
          "</figcaption>" +
          latency_chart_svg(rows) + "</figure>";
    }
    html += table;
    if (context.run.load->partial) {
      html += "<p class=\"note\">The load test stopped early; its figures are partial.</p>";
    }
  }
  if (!context.spend.empty()) {
    std::vector<SpendSeries> series;
    for (const Risk& risk : top_risks(context, 5)) {
      series.push_back({risk.projection->class_name, risk.projection->cost_per_request_usd,
                        risk.projection->throttle_rate_rps});
    }
    html +=
        "<figure><figcaption>Projected spend against attack rate, with the throttling point "
        "of each class</figcaption>" +
        spend_chart_svg(series, context.gates.attack_rate_rps) +
        "<p class=\"note\">Past the throttling point the platform rejects requests (HTTP 429): "
        "spend stops growing, and legitimate users are turned away.</p></figure>";
  }
  html += "</section>";
  return html;
}

std::string finding_article(const ReportContext& context, const Finding& finding) {
  double rate = context.gates.attack_rate_rps;
  std::string html = "<article id=\"finding-" + html_escape(finding.id) +
                     "\"><h3><span class=\"kind " + html_escape(finding.kind) + "\">" +
                     html_escape(kind_label(finding.kind)) + "</span>" + html_escape(finding.id) +
                     "</h3>";
  html +=
      "<p>Handler <b>" + html_escape(finding.handler) + "</b>" +
      (context.comparison.is_new(finding.signature) ? " · <b>new since the previous run</b>" : "") +
      (finding.flaky ? " · flaky" : "") + (finding.reproducible ? "" : " · not reproducible") +
      "</p>";
  if (!finding.summary.empty()) html += "<p>" + html_escape(finding.summary) + "</p>";
  if (finding.growth) html += "<figure>" + growth_chart_svg(*finding.growth) + "</figure>";
  html +=
      "<table><tr><th>Median time</th><th>Normal request</th><th>Amplification</th>"
      "<th>Per 1M requests</th><th>Per day at " +
      html_escape(format_number(rate)) + " req/s</th></tr><tr>";
  html += cell(finding.median_ns ? format_ms(*finding.median_ns / 1e6) : "n/a", true);
  html +=
      cell(finding.baseline_median_ns ? format_ms(*finding.baseline_median_ns / 1e6) : "n/a", true);
  auto amplification = amplification_of(context.run, finding);
  html += cell(amplification ? format_ratio(*amplification) : "n/a", true);
  const SpendProjection* projection = projection_of(context, finding);
  html += cell(projection ? format_usd(projection->cost_per_request_usd * 1e6) : "n/a", true);
  html += cell(projection ? format_usd(projection->usd_per_day(rate)) : "n/a", true);
  html += "</tr></table>";
  if (finding.leak) {
    html += "<p>Leak: " + html_escape(finding.leak->family) + " / " +
            html_escape(finding.leak->rule) + " (severity " + html_escape(finding.leak->severity) +
            ")</p>";
  }
  html += "<p><b>Request</b> (secrets redacted; exact bytes in <code>" + html_escape(finding.file) +
          "</code>)</p>";
  if (!finding.request_text.empty()) {
    html += "<pre>" + html_escape(finding.request_text) + "</pre>";
  } else {
    html += "<p class=\"note\">" + html_escape(finding.request_error) + "</p>";
  }
  Reproduction reproduction = reproduction_for(context, finding);
  html += "<p><b>Reproduce</b></p><pre>";
  if (!reproduction.curl.empty()) html += html_escape(reproduction.curl) + "\n";
  html += html_escape(reproduction.replay);
  if (!reproduction.raw.empty()) {
    html += "\n# exact bytes, from the run directory:\n" + html_escape(reproduction.raw);
  }
  html += "</pre>";
  if (reproduction.redacted) {
    html +=
        "<p class=\"note\">The curl command shows redaction markers where the request held "
        "secrets; the request file has the exact bytes.</p>";
  }
  Mitigation mitigation = mitigation_for(finding);
  html += "<p><b>Recommended mitigation: " + html_escape(mitigation.headline) + ".</b> " +
          html_escape(mitigation.advice) + " " + html_escape(mitigation.also) + "</p></article>";
  return html;
}

}  // namespace

std::string render_html(const ReportContext& context) {
  const RunData& run = context.run;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>walletfuzz report: " +
      html_escape(context.run_key) + "</title><style>" + kStyle + "</style></head><body><main>";
  html += "<h1>Denial-of-wallet report</h1><p class=\"meta\">Run <b>" +
          html_escape(context.run_key) + "</b> · generated " + html_escape(context.generated_at) +
          " by walletfuzz " + html_escape(context.version);
  if (run.load && !run.load->target.empty()) html += " · target " + html_escape(run.load->target);
  if (run.cost) {
    html += " · priced for " + html_escape(run.cost->provider) + " " +
            html_escape(run.cost->region) + " " + html_escape(run.cost->arch);
  }
  html += "</p>";
  std::size_t failed = context.verdict.failed_count();
  std::size_t enabled = static_cast<std::size_t>(
      std::count_if(context.verdict.results.begin(), context.verdict.results.end(),
                    [](const GateResult& gate) { return gate.enabled; }));
  if (failed == 0) {
    html += "<div class=\"verdict pass\">PASS: all " + std::to_string(enabled) +
            " configured gates passed</div>";
  } else {
    html += "<div class=\"verdict fail\">FAIL: " + std::to_string(failed) + " of " +
            std::to_string(enabled) + " configured gates failed</div>";
  }
  if (auto warning = unusable_load_warning(run)) {
    html += "<div class=\"unusable\" role=\"alert\">" + html_escape(*warning) + "</div>";
  }
  html += executive_summary(context);
  html += charts(context);
  if (run.cost) html += economics_html(economics_tables(*run.cost));
  html += function_costs(run);
  html += "<section id=\"findings\"><h2>Findings</h2>";
  auto order = findings_in_report_order(run);
  if (order.empty()) html += "<p>No findings in this run.</p>";
  for (std::size_t i = 0; i < order.size() && i < kMaxFindingsShown; ++i) {
    html += finding_article(context, *order[i]);
  }
  if (order.size() > kMaxFindingsShown) {
    html += "<p class=\"note\">" + std::to_string(order.size() - kMaxFindingsShown) +
            " more findings are listed in summary.json and findings.sarif.</p>";
  }
  html +=
      "</section><footer class=\"note\"><p>Amounts are projections from the cost model "
      "(cost.json) at the stated attack rate; past a class's throttling point the platform "
      "rejects requests, so spend stops growing.</p></footer></main></body></html>\n";
  return html;
}

}  // namespace walletfuzz::reports
