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
std::string str(const std::string& text) {
  return valid_utf8(text);
}

// An unbounded figure (an amplification over a zero baseline) is written as null.
std::optional<double> finite(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? value : std::nullopt;
}

formats::SummaryFindingRef finding_ref(const FindingRecord& record) {
  return {str(record.id), str(record.signature), str(record.kind), str(record.handler)};
}

}  // namespace

formats::SummaryFile summary_of(const ReportContext& context) {
  const RunData& run = context.run;
  const double rate = context.gates.attack_rate_rps;
  formats::SummaryFile s;
  s.generated_at = str(context.generated_at);
  s.walletfuzz_version = str(context.version);
  s.run = {str(context.run_key),
           str(run.load ? run.load->target : ""),
           run.load && run.load->partial,
           str(run.cost ? run.cost->provider : ""),
           str(run.cost ? run.cost->region : ""),
           str(run.cost ? run.cost->arch : "")};
  s.verdict = {context.verdict.passed(), context.verdict.exit_code(),
               static_cast<std::uint64_t>(context.verdict.failed_count())};
  s.attack_rate_rps = rate;
  for (const GateResult& gate : context.verdict.results) {
    formats::SummaryGate g{str(gate.id),   str(gate.title),       gate.enabled,
                           gate.passed,    finite(gate.measured), finite(gate.threshold),
                           str(gate.unit), str(gate.detail),      {}};
    for (const std::string& offender : gate.offenders) g.offenders.push_back(str(offender));
    s.gates.push_back(std::move(g));
  }
  s.findings_total = run.findings.size();
  for (const auto& [kind, count] : findings_by_kind(run)) s.findings_by_kind[str(kind)] = count;
  if (auto worst = worst_amplification(context)) {
    s.worst_amplification = formats::SummaryWorstAmplification{
        str(worst->finding->id), str(worst->finding->handler), finite(worst->value)};
  }
  for (const Risk& risk : top_risks(context, 10)) {
    const SpendProjection& p = *risk.projection;
    s.top_risks.push_back({str(p.class_name), str(p.kind), str(p.handler), str(p.finding_id),
                           finite(p.cost_per_request_usd * 1e6), finite(risk.usd_per_hour),
                           finite(risk.usd_per_day), finite(p.throttle_rate_rps), risk.throttled});
  }
  const RunComparison& diff = context.comparison;
  if (diff.previous_run) s.history.previous_run = str(*diff.previous_run);
  for (const FindingRecord& record : diff.new_findings) {
    s.history.new_findings.push_back(finding_ref(record));
  }
  for (const FindingRecord& record : diff.fixed_findings) {
    s.history.fixed_findings.push_back(finding_ref(record));
  }
  for (const CostIncrease& increase : diff.more_expensive) {
    s.history.more_expensive.push_back({str(increase.key), str(increase.label),
                                        str(increase.metric), finite(increase.before),
                                        finite(increase.after)});
  }
  for (const Finding* finding : findings_in_report_order(run)) {
    const CostClass* cost = run.cost_of(*finding);
    std::optional<double> per_day;
    if (const SpendProjection* p = projection_of(context, *finding)) per_day = p->usd_per_day(rate);
    const Reproduction reproduction = reproduction_for(context, *finding);
    s.findings.push_back({str(finding->id), str(finding->kind), str(finding->handler),
                          str(finding->signature), str(finding->file), str(finding->summary),
                          diff.is_new(finding->signature), finite(amplification_of(run, *finding)),
                          finite(cost ? cost->cost_per_million_usd : std::nullopt), finite(per_day),
                          str(mitigation_for(*finding).headline), str(reproduction.curl),
                          str(reproduction.replay)});
  }
  s.files = {"report.html", "report.md", "summary.json", "findings.sarif", "junit.xml"};
  return s;
}

std::string render_summary_json(const ReportContext& context) {
  return formats::summary_to_json(summary_of(context));
}

}  // namespace walletfuzz::reports
