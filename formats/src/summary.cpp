#include "walletfuzz/formats/summary.hpp"

#include "json_fields.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/json_text.hpp"

namespace walletfuzz::formats {
namespace json = boost::json;
using detail::JsonObjectView;
using detail::optional_number;
using detail::strings_json;

namespace {

json::array finding_refs_json(const std::vector<SummaryFindingRef>& refs) {
  json::array out;
  for (const SummaryFindingRef& r : refs) {
    out.push_back(json::object{
        {"id", r.id}, {"signature", r.signature}, {"kind", r.kind}, {"handler", r.handler}});
  }
  return out;
}

std::vector<SummaryFindingRef> read_finding_refs(const JsonObjectView& parent,
                                                 std::string_view key) {
  std::vector<SummaryFindingRef> out;
  for (const JsonObjectView& r : parent.objects(key)) {
    out.push_back({r.string("id").value_or(""), r.string("signature").value_or(""),
                   r.string("kind").value_or(""), r.string("handler").value_or("")});
  }
  return out;
}

SummaryGate read_gate(const JsonObjectView& g) {
  SummaryGate gate;
  gate.id = g.required_string("id");
  gate.title = g.string("title").value_or("");
  gate.enabled = g.boolean("enabled").value_or(false);
  gate.passed = g.boolean("passed").value_or(true);
  gate.measured = g.number("measured");
  gate.threshold = g.number("threshold");
  gate.unit = g.string("unit").value_or("");
  gate.detail = g.string("detail").value_or("");
  gate.offenders = g.strings("offenders");
  return gate;
}

SummaryRisk read_risk(const JsonObjectView& r) {
  SummaryRisk risk;
  risk.class_name = r.required_string("class");
  risk.kind = r.string("kind").value_or("");
  risk.handler = r.string("handler").value_or("");
  risk.finding_id = r.string("finding_id").value_or("");
  risk.cost_per_million_usd = r.non_negative("cost_per_million_usd");
  risk.usd_per_hour = r.non_negative("usd_per_hour");
  risk.usd_per_day = r.non_negative("usd_per_day");
  risk.throttle_rate_rps = r.non_negative("throttle_rate_rps");
  risk.throttled_at_stated_rate = r.boolean("throttled_at_stated_rate").value_or(false);
  return risk;
}

SummaryFinding read_summary_finding(const JsonObjectView& f) {
  SummaryFinding finding;
  finding.id = f.required_string("id");
  finding.kind = f.string("kind").value_or("");
  finding.handler = f.string("handler").value_or("");
  finding.signature = f.string("signature").value_or("");
  finding.file = f.string("file").value_or("");
  finding.summary = f.string("summary").value_or("");
  finding.is_new = f.boolean("new").value_or(false);
  finding.amplification = f.non_negative("amplification");
  finding.cost_per_million_usd = f.non_negative("cost_per_million_usd");
  finding.usd_per_day_at_attack_rate = f.non_negative("usd_per_day_at_attack_rate");
  finding.mitigation = f.string("mitigation").value_or("");
  finding.reproduce_curl = f.string("reproduce_curl").value_or("");
  finding.reproduce_replay = f.string("reproduce_replay").value_or("");
  return finding;
}

}  // namespace

SummaryFile parse_summary(std::string_view text, const std::string& file) {
  const json::value document = detail::parse_run_file(text, RunFile::summary, file);
  const JsonObjectView root = detail::root_object(document, file);
  SummaryFile s;
  s.generated_at = root.string("generated_at").value_or("");
  s.walletfuzz_version = root.string("walletfuzz_version").value_or("");
  if (const std::optional<JsonObjectView> run = root.object("run")) {
    s.run = {run->string("key").value_or(""),
             run->string("target").value_or(""),
             run->boolean("load_partial").value_or(false),
             run->string("provider").value_or(""),
             run->string("region").value_or(""),
             run->string("arch").value_or("")};
  }
  if (const std::optional<JsonObjectView> verdict = root.object("verdict")) {
    s.verdict.passed = verdict->boolean("passed").value_or(true);
    s.verdict.exit_code = static_cast<int>(verdict->count("exit_code").value_or(0));
    s.verdict.failed_gates = verdict->count("failed_gates").value_or(0);
  }
  s.attack_rate_rps = root.non_negative("attack_rate_rps").value_or(0);
  for (const JsonObjectView& g : root.objects("gates")) s.gates.push_back(read_gate(g));
  if (const std::optional<JsonObjectView> totals = root.object("totals")) {
    s.findings_total = totals->count("findings").value_or(0);
    if (const std::optional<JsonObjectView> by_kind = totals->object("by_kind")) {
      for (const auto& entry : by_kind->raw()) {
        s.findings_by_kind[std::string(entry.key())] = by_kind->count(entry.key()).value_or(0);
      }
    }
  }
  if (const std::optional<JsonObjectView> worst = root.object("worst_amplification")) {
    s.worst_amplification = SummaryWorstAmplification{worst->string("finding_id").value_or(""),
                                                      worst->string("handler").value_or(""),
                                                      worst->non_negative("amplification")};
  }
  for (const JsonObjectView& r : root.objects("top_risks")) s.top_risks.push_back(read_risk(r));
  if (const std::optional<JsonObjectView> history = root.object("history")) {
    s.history.previous_run = history->string("previous_run");
    s.history.new_findings = read_finding_refs(*history, "new");
    s.history.fixed_findings = read_finding_refs(*history, "fixed");
    for (const JsonObjectView& m : history->objects("more_expensive")) {
      s.history.more_expensive.push_back(
          {m.string("key").value_or(""), m.string("label").value_or(""),
           m.string("metric").value_or(""), m.number("before"), m.number("after")});
    }
  }
  for (const JsonObjectView& f : root.objects("findings"))
    s.findings.push_back(read_summary_finding(f));
  s.files = root.strings("files");
  return s;
}

SummaryFile read_summary_file(const std::filesystem::path& path) {
  return parse_summary(read_file(path, detail::kMaxRunFileBytes), path.string());
}

std::string summary_to_json(const SummaryFile& s) {
  json::object root;
  root["schema"] = schema_string(RunFile::summary);
  root["generated_at"] = s.generated_at;
  root["walletfuzz_version"] = s.walletfuzz_version;
  root["run"] = {
      {"key", s.run.key},           {"target", s.run.target}, {"load_partial", s.run.load_partial},
      {"provider", s.run.provider}, {"region", s.run.region}, {"arch", s.run.arch}};
  root["verdict"] = {{"passed", s.verdict.passed},
                     {"exit_code", s.verdict.exit_code},
                     {"failed_gates", s.verdict.failed_gates}};
  root["attack_rate_rps"] = s.attack_rate_rps;
  json::array gates;
  for (const SummaryGate& g : s.gates) {
    gates.push_back(json::object{{"id", g.id},
                                 {"title", g.title},
                                 {"enabled", g.enabled},
                                 {"passed", g.passed},
                                 {"measured", optional_number(g.measured)},
                                 {"threshold", optional_number(g.threshold)},
                                 {"unit", g.unit},
                                 {"detail", g.detail},
                                 {"offenders", strings_json(g.offenders)}});
  }
  root["gates"] = std::move(gates);
  json::object by_kind;
  for (const auto& [kind, count] : s.findings_by_kind) by_kind[kind] = count;
  root["totals"] = {{"findings", s.findings_total}, {"by_kind", std::move(by_kind)}};
  if (s.worst_amplification) {
    root["worst_amplification"] = {
        {"finding_id", s.worst_amplification->finding_id},
        {"handler", s.worst_amplification->handler},
        {"amplification", optional_number(s.worst_amplification->amplification)}};
  } else {
    root["worst_amplification"] = nullptr;
  }
  json::array risks;
  for (const SummaryRisk& r : s.top_risks) {
    risks.push_back(json::object{{"class", r.class_name},
                                 {"kind", r.kind},
                                 {"handler", r.handler},
                                 {"finding_id", r.finding_id},
                                 {"cost_per_million_usd", optional_number(r.cost_per_million_usd)},
                                 {"usd_per_hour", optional_number(r.usd_per_hour)},
                                 {"usd_per_day", optional_number(r.usd_per_day)},
                                 {"throttle_rate_rps", optional_number(r.throttle_rate_rps)},
                                 {"throttled_at_stated_rate", r.throttled_at_stated_rate}});
  }
  root["top_risks"] = std::move(risks);
  json::array more_expensive;
  for (const SummaryCostIncrease& m : s.history.more_expensive) {
    more_expensive.push_back(json::object{{"key", m.key},
                                          {"label", m.label},
                                          {"metric", m.metric},
                                          {"before", optional_number(m.before)},
                                          {"after", optional_number(m.after)}});
  }
  root["history"] = {{"previous_run", s.history.previous_run ? json::value(*s.history.previous_run)
                                                             : json::value(nullptr)},
                     {"new", finding_refs_json(s.history.new_findings)},
                     {"fixed", finding_refs_json(s.history.fixed_findings)},
                     {"more_expensive", std::move(more_expensive)}};
  json::array findings;
  for (const SummaryFinding& f : s.findings) {
    findings.push_back(
        json::object{{"id", f.id},
                     {"kind", f.kind},
                     {"handler", f.handler},
                     {"signature", f.signature},
                     {"file", f.file},
                     {"summary", f.summary},
                     {"new", f.is_new},
                     {"amplification", optional_number(f.amplification)},
                     {"cost_per_million_usd", optional_number(f.cost_per_million_usd)},
                     {"usd_per_day_at_attack_rate", optional_number(f.usd_per_day_at_attack_rate)},
                     {"mitigation", f.mitigation},
                     {"reproduce_curl", f.reproduce_curl},
                     {"reproduce_replay", f.reproduce_replay}});
  }
  root["findings"] = std::move(findings);
  root["files"] = strings_json(s.files);
  return to_json_text(root) + "\n";
}

void write_summary_file(const std::filesystem::path& path, const SummaryFile& summary) {
  write_file_atomically(path, summary_to_json(summary));
}

}  // namespace walletfuzz::formats
