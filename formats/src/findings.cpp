#include "walletfuzz/formats/findings.hpp"

#include "findings_growth.hpp"
#include "json_fields.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/json_text.hpp"

namespace walletfuzz::formats {
namespace json = boost::json;
using detail::JsonObjectView;

namespace {

FindingRecord read_finding(const JsonObjectView& item) {
  FindingRecord f;
  f.id = item.required_string("id");
  f.handler = item.required_string("handler");
  f.kind = item.required_string("kind");
  f.file = item.string("file").value_or("");
  f.signature = item.string("signature").value_or(f.id);
  f.summary = item.string("summary").value_or("");
  if (auto cost = item.object("cost")) {
    f.median_ns = cost->count("median_ns").value_or(0);
    f.baseline_median_ns = cost->count("baseline_median_ns").value_or(0);
    f.work_units = cost->count("work_units").value_or(0);
    f.peak_memory_bytes = cost->count("peak_memory_bytes").value_or(0);
    f.request_bytes = cost->count("request_bytes").value_or(0);
    f.baseline_request_bytes = cost->count("baseline_request_bytes").value_or(0);
  }
  f.amplification = item.non_negative("amplification").value_or(0);
  f.size_aware_amplification = item.non_negative("size_aware_amplification");
  if (auto leak = item.object("leak")) {
    f.leak =
        LeakRecord{leak->string("family").value_or(""), leak->string("rule").value_or(""),
                   leak->string("severity").value_or(""), leak->string("fingerprint").value_or("")};
  }
  if (auto growth = item.object("growth")) f.growth = detail::read_growth(*growth);
  f.first_seen = item.string("first_seen").value_or("");
  f.reproducible = item.boolean("reproducible").value_or(false);
  f.flaky = item.boolean("flaky").value_or(false);
  return f;
}

json::object finding_json(const FindingRecord& f) {
  json::object out{{"id", f.id},
                   {"handler", f.handler},
                   {"kind", f.kind},
                   {"file", f.file},
                   {"signature", f.signature},
                   {"summary", f.summary},
                   {"cost",
                    {{"median_ns", f.median_ns},
                     {"baseline_median_ns", f.baseline_median_ns},
                     {"work_units", f.work_units},
                     {"peak_memory_bytes", f.peak_memory_bytes},
                     {"request_bytes", f.request_bytes},
                     {"baseline_request_bytes", f.baseline_request_bytes}}},
                   {"amplification", f.amplification}};
  if (f.size_aware_amplification) out["size_aware_amplification"] = *f.size_aware_amplification;
  if (f.leak) {
    out["leak"] = {
        {"family", f.leak->family}, {"rule", f.leak->rule}, {"severity", f.leak->severity}};
    if (!f.leak->fingerprint.empty()) out["leak"].as_object()["fingerprint"] = f.leak->fingerprint;
  }
  if (f.growth) out["growth"] = detail::growth_json(*f.growth);
  out["first_seen"] = f.first_seen;
  out["reproducible"] = f.reproducible;
  out["flaky"] = f.flaky;
  return out;
}

}  // namespace

FindingsFile parse_findings(std::string_view text, const std::string& file) {
  const json::value document = detail::parse_run_file(text, RunFile::findings, file);
  const JsonObjectView root = detail::root_object(document, file);
  if (!root.array("findings")) root.fail("findings", "missing (expected an array of findings)");
  FindingsFile out;
  out.generated_at = root.string("generated_at").value_or("");
  for (const JsonObjectView& item : root.objects("findings")) {
    out.findings.push_back(read_finding(item));
  }
  return out;
}

FindingsFile read_findings_file(const std::filesystem::path& path) {
  return parse_findings(read_file(path, detail::kMaxRunFileBytes), path.string());
}

std::string findings_to_json(const FindingsFile& file) {
  json::array rows;
  for (const FindingRecord& f : file.findings) rows.push_back(finding_json(f));
  const json::object root{{"schema", schema_string(RunFile::findings)},
                          {"generated_at", file.generated_at},
                          {"findings", std::move(rows)}};
  return to_json_text(root, /*pretty=*/false) + "\n";
}

void write_findings_file(const std::filesystem::path& path, const FindingsFile& file) {
  write_file_atomically(path, findings_to_json(file));
}

}  // namespace walletfuzz::formats
