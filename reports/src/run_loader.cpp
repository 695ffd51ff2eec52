// Reads a run directory into RunData: the three stage files, the findings' request files, and
// redaction of every free-text field (walletfuzz::detectors::redact_secrets), so no renderer can
// forget it.
#include <algorithm>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/detectors/redaction.hpp"
#include "walletfuzz/formats/schema.hpp"
#include "walletfuzz/reports/run_data.hpp"

namespace walletfuzz::reports {
namespace fs = std::filesystem;

namespace {

// The request file of a finding, if it stays inside the run directory. findings.json names it
// relative to the run directory; an absolute path or one that climbs out ("../../etc/passwd")
// is refused rather than shown, since reports are published.
std::optional<fs::path> contained_path(const fs::path& run_dir, const std::string& relative) {
  fs::path candidate(relative);
  if (relative.empty() || candidate.is_absolute()) return std::nullopt;
  fs::path normal = candidate.lexically_normal();
  if (normal.empty() || *normal.begin() == "..") return std::nullopt;
  std::error_code ec;
  fs::path root = fs::weakly_canonical(run_dir, ec);
  if (ec) return std::nullopt;
  fs::path resolved = fs::weakly_canonical(run_dir / normal, ec);
  if (ec) return std::nullopt;
  auto [root_end, unused] =
      std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  if (root_end != root.end()) return std::nullopt;  // a symlink pointed outside
  return run_dir / normal;
}

// Printable text of raw request bytes: CR LF line ends shown as line ends, other control bytes
// and non-ASCII bytes as \xNN, so a binary fuzz input cannot break a report's encoding.
std::string printable(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
    if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

void load_request_text(const fs::path& run_dir, Finding& finding, const RunDataLimits& limits) {
  if (finding.file.empty()) {
    finding.request_error = "no request file recorded";
    return;
  }
  auto path = contained_path(run_dir, finding.file);
  if (!path) {
    finding.request_error = "request file is outside the run directory; not shown";
    return;
  }
  std::string bytes;
  try {
    bytes = read_file(*path, limits.max_request_file_bytes);
  } catch (const std::exception&) {
    finding.request_error = "request file missing or unreadable";
    return;
  }
  auto parsed = parse_request(bytes, RequestLimits{64 * 1024, limits.max_request_file_bytes});
  if (parsed.request) {
    Request request = std::move(*parsed.request);
    request.target = detectors::redact_secrets(request.target);
    Headers redacted;
    for (const HeaderField& field : request.headers) {
      // Redacted as a whole line, so the header's name decides (Authorization, Cookie, ...).
      std::string prefix = field.name + ": ";
      std::string line = detectors::redact_secrets(prefix + field.value);
      if (line.rfind(prefix, 0) == 0) {
        redacted.add(field.name, std::string_view(line).substr(prefix.size()));
      } else {  // the name itself looked like a secret
        redacted.add(detectors::redact_secrets(field.name), detectors::redact_secrets(field.value));
      }
    }
    request.headers = std::move(redacted);
    request.body = detectors::redact_secrets(request.body);
    finding.request = std::move(request);
  }
  // Redact before cutting, so a secret straddling the cut is still recognised whole.
  std::string text = printable(detectors::redact_secrets(bytes));
  if (text.size() > limits.shown_request_bytes) {
    std::size_t more = text.size() - limits.shown_request_bytes;
    text.resize(limits.shown_request_bytes);
    text += "\n... (" + std::to_string(more) + " more bytes in " + finding.file + ")";
  }
  finding.request_text = std::move(text);
}

void redact_in_place(std::string& text) {
  text = detectors::redact_secrets(text);
}

void redact_run(RunData& run) {
  for (Finding& finding : run.findings) {
    for (std::string* text : {&finding.id, &finding.handler, &finding.kind, &finding.file,
                              &finding.signature, &finding.summary, &finding.first_seen}) {
      redact_in_place(*text);
    }
    if (finding.leak) {
      for (std::string* text :
           {&finding.leak->family, &finding.leak->rule, &finding.leak->severity})
        redact_in_place(*text);
    }
  }
  if (run.load) {
    redact_in_place(run.load->target);
    for (LoadClass& entry : run.load->classes) {
      for (std::string* text : {&entry.name, &entry.kind, &entry.handler, &entry.finding_id}) {
        redact_in_place(*text);
      }
    }
  }
  if (run.cost) {
    for (CostClass& entry : run.cost->classes) {
      for (std::string* text : {&entry.name, &entry.kind, &entry.handler, &entry.finding_id}) {
        redact_in_place(*text);
      }
    }
    for (AttackerProjection& projection : run.cost->attacker)
      redact_in_place(projection.class_name);
  }
}

}  // namespace

RunData load_run_data(const fs::path& run_dir, const RunDataLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(run_dir, ec)) {
    throw InputError({run_dir.string(), 0, 0, {}}, "not a run directory",
                     "give the directory that holds findings.json, load.json and cost.json");
  }
  RunData run;
  run.run_dir = run_dir;
  bool any = false;
  auto present = [&](formats::RunFile file) {
    const bool exists = fs::exists(run_dir / formats::file_name(file), ec);
    any = any || exists;
    return exists;
  };
  if (present(formats::RunFile::findings)) {
    // Findings are redacted below, after their request files are read (raw bytes are redacted
    // by load_request_text) and before any renderer sees them.
    const formats::FindingsFile file = formats::read_findings_file(run_dir / "findings.json");
    run.generated_at = file.generated_at;
    run.findings = findings_view(file);
  }
  if (present(formats::RunFile::load)) {
    run.load = load_view(formats::read_load_file(run_dir / "load.json"));
  }
  if (present(formats::RunFile::cost)) {
    run.cost = cost_view(formats::read_cost_file(run_dir / "cost.json"));
  }
  if (!any) {
    throw InputError({run_dir.string(), 0, 0, {}},
                     "holds none of findings.json, load.json, cost.json",
                     "run `walletfuzz fuzz`, `replay` or `cost` into this directory first");
  }
  for (Finding& finding : run.findings) load_request_text(run_dir, finding, limits);
  redact_run(run);
  return run;
}

std::optional<double> CostFunction::difference_pct() const {
  if (!total_usd || !report_total_usd || !(*report_total_usd > 0)) return std::nullopt;
  return (*total_usd - *report_total_usd) / *report_total_usd * 100.0;
}

const CostClass* RunData::cost_class(const std::string& name) const {
  if (!cost) return nullptr;
  for (const CostClass& entry : cost->classes) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

const CostClass* RunData::cost_of(const Finding& finding) const {
  if (!cost) return nullptr;
  for (const CostClass& entry : cost->classes) {
    if (entry.finding_id == finding.id || entry.name == "finding:" + finding.id) return &entry;
  }
  return nullptr;
}

const LoadClass* RunData::load_of(const Finding& finding) const {
  if (!load) return nullptr;
  for (const LoadClass& entry : load->classes) {
    if (entry.finding_id == finding.id || entry.name == "finding:" + finding.id) return &entry;
  }
  return nullptr;
}

}  // namespace walletfuzz::reports
