// summary.json ("walletfuzz.summary/1"): the report's facts for machines (dashboards, the lead's
// `walletfuzz run` summary line). Fields are documented in docs/FORMATS.md.
#include <boost/json.hpp>
#include <cmath>

#include "report_facts.hpp"
#include "text_format.hpp"
#include "walletfuzz/reports/renderers.hpp"

namespace walletfuzz::reports {
using namespace detail;
namespace json = boost::json;

namespace {

json::string str(const std::string& text) {
  return json::string(valid_utf8(text));
}

// Boost.JSON writes infinity as "Infinity", which is not JSON: an unbounded figure (an
// amplification over a zero baseline) becomes null.
json::value optional_number(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? json::value(*value) : json::value(nullptr);
}

json::value number(double value) {
  return optional_number(value);
}

json::object finding_record(const FindingRecord& record) {
  return {{"id", str(record.id)},
          {"signature", str(record.signature)},
          {"kind", str(record.kind)},
          {"handler", str(record.handler)}};
}

}  // namespace

std::string render_summary_json(const ReportContext& context) {
  const RunData& run = context.run;
  double rate = context.gates.attack_rate_rps;
  json::object root;
  root["schema"] = "walletfuzz.summary/1";
  root["generated_at"] = str(context.generated_at);
  root["walletfuzz_version"] = str(context.version);
  root["run"] = json::object{{"key", str(context.run_key)},
                             {"target", str(run.load ? run.load->target : "")},
                             {"load_partial", run.load && run.load->partial},
                             {"provider", str(run.cost ? run.cost->provider : "")},
                             {"region", str(run.cost ? run.cost->region : "")},
                             {"arch", str(run.cost ? run.cost->arch : "")}};
  root["verdict"] = json::object{{"passed", context.verdict.passed()},
                                 {"exit_code", context.verdict.exit_code()},
                                 {"failed_gates", context.verdict.failed_count()}};
  root["attack_rate_rps"] = rate;

  json::array gates;
  for (const GateResult& gate : context.verdict.results) {
    json::array offenders;
    for (const std::string& offender : gate.offenders) offenders.push_back(str(offender));
    gates.push_back(json::object{{"id", str(gate.id)},
                                 {"title", str(gate.title)},
                                 {"enabled", gate.enabled},
                                 {"passed", gate.passed},
                                 {"measured", optional_number(gate.measured)},
                                 {"threshold", optional_number(gate.threshold)},
                                 {"unit", str(gate.unit)},
                                 {"detail", str(gate.detail)},
                                 {"offenders", std::move(offenders)}});
  }
  root["gates"] = std::move(gates);

  json::object by_kind;
  for (const auto& [kind, count] : findings_by_kind(run)) by_kind[kind] = count;
  root["totals"] = json::object{{"findings", run.findings.size()}, {"by_kind", std::move(by_kind)}};

  if (auto worst = worst_amplification(context)) {
    root["worst_amplification"] = json::object{{"finding_id", str(worst->finding->id)},
                                               {"handler", str(worst->finding->handler)},
                                               {"amplification", number(worst->value)}};
  } else {
    root["worst_amplification"] = nullptr;
  }

  json::array risks;
  for (const Risk& risk : top_risks(context, 10)) {
    const SpendProjection& p = *risk.projection;
    risks.push_back(json::object{{"class", str(p.class_name)},
                                 {"kind", str(p.kind)},
                                 {"handler", str(p.handler)},
                                 {"finding_id", str(p.finding_id)},
                                 {"cost_per_million_usd", number(p.cost_per_request_usd * 1e6)},
                                 {"usd_per_hour", number(risk.usd_per_hour)},
                                 {"usd_per_day", number(risk.usd_per_day)},
                                 {"throttle_rate_rps", optional_number(p.throttle_rate_rps)},
                                 {"throttled_at_stated_rate", risk.throttled}});
  }
  root["top_risks"] = std::move(risks);

  const RunComparison& diff = context.comparison;
  json::array new_findings, fixed_findings, more_expensive;
  for (const FindingRecord& record : diff.new_findings)
    new_findings.push_back(finding_record(record));
  for (const FindingRecord& record : diff.fixed_findings) {
    fixed_findings.push_back(finding_record(record));
  }
  for (const CostIncrease& increase : diff.more_expensive) {
    more_expensive.push_back(json::object{{"key", str(increase.key)},
                                          {"label", str(increase.label)},
                                          {"metric", str(increase.metric)},
                                          {"before", number(increase.before)},
                                          {"after", number(increase.after)}});
  }
  root["history"] =
      json::object{{"previous_run", diff.previous_run ? json::value(str(*diff.previous_run))
                                                      : json::value(nullptr)},
                   {"new", std::move(new_findings)},
                   {"fixed", std::move(fixed_findings)},
                   {"more_expensive", std::move(more_expensive)}};

  json::array findings;
  for (const Finding* finding : findings_in_report_order(run)) {
    const CostClass* cost = run.cost_of(*finding);
    std::optional<double> per_day;
    if (const SpendProjection* p = projection_of(context, *finding)) per_day = p->usd_per_day(rate);
    Reproduction reproduction = reproduction_for(context, *finding);
    findings.push_back(json::object{
        {"id", str(finding->id)},
        {"kind", str(finding->kind)},
        {"handler", str(finding->handler)},
        {"signature", str(finding->signature)},
        {"file", str(finding->file)},
        {"summary", str(finding->summary)},
        {"new", diff.is_new(finding->signature)},
        {"amplification", optional_number(amplification_of(run, *finding))},
        {"cost_per_million_usd", optional_number(cost ? cost->cost_per_million_usd : std::nullopt)},
        {"usd_per_day_at_attack_rate", optional_number(per_day)},
        {"mitigation", str(mitigation_for(*finding).headline)},
        {"reproduce_curl", str(reproduction.curl)},
        {"reproduce_replay", str(reproduction.replay)}});
  }
  root["findings"] = std::move(findings);
  root["files"] =
      json::array{"report.html", "report.md", "summary.json", "findings.sarif", "junit.xml"};
  return json::serialize(root) + "\n";
}

}  // namespace walletfuzz::reports
