// summary.json: the report's facts for machines (dashboards, the `walletfuzz run` summary line),
// as a formats::SummaryFile; formats writes the text (fields in docs/FORMATS.md).
#include <cmath>

#include "report_facts.hpp"
#include "text_format.hpp"
#include "walletfuzz/reports/renderers.hpp"

namespace walletfuzz::reports {
using namespace detail;

namespace {

// Text for machines must be valid UTF-8 whatever bytes a finding carried.
std::string utf8_text(const std::string& text) {
  return valid_utf8(text);
}

// An unbounded figure (an amplification over a zero baseline) is written as null.
std::optional<double> finite(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? value : std::nullopt;
}

formats::SummaryFindingRef finding_ref(const FindingRecord& record) {
  return {utf8_text(record.id), utf8_text(record.signature), utf8_text(record.kind),
          utf8_text(record.handler)};
}

}  // namespace

formats::SummaryFile summary_of(const ReportContext& context) {
  const RunData& run = context.run;
  const double rate = context.gates.attack_rate_rps;
  formats::SummaryFile s;
  s.generated_at = utf8_text(context.generated_at);
  s.walletfuzz_version = utf8_text(context.version);
  s.run = {utf8_text(context.run_key),
           utf8_text(run.load ? run.load->target : ""),
           run.load && run.load->partial,
           utf8_text(run.cost ? run.cost->provider : ""),
           utf8_text(run.cost ? run.cost->region : ""),
           utf8_text(run.cost ? run.cost->arch : "")};
  s.verdict = {context.verdict.passed(), context.verdict.exit_code(),
               static_cast<std::uint64_t>(context.verdict.failed_count())};
  s.attack_rate_rps = rate;
  for (const GateResult& gate : context.verdict.results) {
    formats::SummaryGate g{utf8_text(gate.id),   utf8_text(gate.title),  gate.enabled,
                           gate.passed,          finite(gate.measured),  finite(gate.threshold),
                           utf8_text(gate.unit), utf8_text(gate.detail), {}};
    for (const std::string& offender : gate.offenders) g.offenders.push_back(utf8_text(offender));
    s.gates.push_back(std::move(g));
  }
  s.findings_total = run.findings.size();
  for (const auto& [kind, count] : findings_by_kind(run))
    s.findings_by_kind[utf8_text(kind)] = count;
  if (auto worst = worst_amplification(context)) {
    s.worst_amplification = formats::SummaryWorstAmplification{
        utf8_text(worst->finding->id), utf8_text(worst->finding->handler), finite(worst->value)};
  }
  for (const Risk& risk : top_risks(context, 10)) {
    const SpendProjection& p = *risk.projection;
    s.top_risks.push_back({utf8_text(p.class_name), utf8_text(p.kind), utf8_text(p.handler),
                           utf8_text(p.finding_id), finite(p.cost_per_request_usd * 1e6),
                           finite(risk.usd_per_hour), finite(risk.usd_per_day),
                           finite(p.throttle_rate_rps), risk.throttled});
  }
  const RunComparison& diff = context.comparison;
  if (diff.previous_run) s.history.previous_run = utf8_text(*diff.previous_run);
  for (const FindingRecord& record : diff.new_findings) {
    s.history.new_findings.push_back(finding_ref(record));
  }
  for (const FindingRecord& record : diff.fixed_findings) {
    s.history.fixed_findings.push_back(finding_ref(record));
  }
  for (const CostIncrease& increase : diff.more_expensive) {
    s.history.more_expensive.push_back({utf8_text(increase.key), utf8_text(increase.label),
                                        utf8_text(increase.metric), finite(increase.before),
                                        finite(increase.after)});
  }
  for (const Finding* finding : findings_in_report_order(run)) {
    const CostClass* cost = run.cost_of(*finding);
    std::optional<double> per_day;
    if (const SpendProjection* p = projection_of(context, *finding)) per_day = p->usd_per_day(rate);
    const Reproduction reproduction = reproduction_for(context, *finding);
    s.findings.push_back({utf8_text(finding->id), utf8_text(finding->kind),
                          utf8_text(finding->handler), utf8_text(finding->signature),
                          utf8_text(finding->file), utf8_text(finding->summary),
                          diff.is_new(finding->signature), finite(amplification_of(run, *finding)),
                          finite(cost ? cost->cost_per_million_usd : std::nullopt), finite(per_day),
                          utf8_text(mitigation_for(*finding).headline),
                          utf8_text(reproduction.curl), utf8_text(reproduction.replay)});
  }
  s.files = {"report.html", "report.md", "summary.json", "findings.sarif", "junit.xml"};
  return s;
}

std::string render_summary_json(const ReportContext& context) {
  return formats::summary_to_json(summary_of(context));
}

}  // namespace walletfuzz::reports
