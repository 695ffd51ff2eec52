#include "walletfuzz/fuzzers/findings_file.hpp"

#include <chrono>
#include <ctime>
#include <map>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/findings.hpp"

namespace walletfuzz::fuzzers {
namespace {

// A triaged finding and its row in findings.json differ only in the kind's type and the request
// bytes, which live in the request file the row names.
formats::FindingRecord to_record(const Finding& f) {
  formats::FindingRecord r{.id = f.id,
                           .handler = f.handler,
                           .kind = std::string(kind_name(f.kind)),
                           .file = f.file.generic_string(),
                           .signature = f.signature,
                           .summary = f.summary,
                           .median_ns = f.median_ns,
                           .baseline_median_ns = f.baseline_median_ns,
                           .work_units = f.work_units,
                           .peak_memory_bytes = f.peak_memory_bytes,
                           .amplification = f.amplification,
                           .request_bytes = f.request_bytes,
                           .baseline_request_bytes = f.baseline_request_bytes,
                           .size_aware_amplification = f.size_aware_amplification,
                           .growth = f.growth,
                           .first_seen = f.first_seen,
                           .reproducible = f.reproducible,
                           .flaky = f.flaky};
  if (f.leak) {
    r.leak =
        formats::LeakRecord{f.leak->family, f.leak->rule, f.leak->severity, f.leak->fingerprint};
  }
  return r;
}

Finding from_record(const formats::FindingRecord& r, const std::filesystem::path& file,
                    std::size_t index) {
  const std::optional<FindingKind> kind = parse_kind(r.kind);
  if (!kind || *kind == FindingKind::none) {
    throw InputError({file.string(), 0, 0, "findings[" + std::to_string(index) + "].kind"},
                     "is not crash, timeout, oom, slow or leak");
  }
  Finding f{.id = r.id,
            .handler = r.handler,
            .kind = *kind,
            .file = r.file,
            .signature = r.signature,
            .summary = r.summary,
            .median_ns = r.median_ns,
            .baseline_median_ns = r.baseline_median_ns,
            .work_units = r.work_units,
            .peak_memory_bytes = r.peak_memory_bytes,
            .amplification = r.amplification,
            .request_bytes = r.request_bytes,
            .baseline_request_bytes = r.baseline_request_bytes,
            .size_aware_amplification = r.size_aware_amplification,
            .growth = r.growth,
            .first_seen = r.first_seen,
            .reproducible = r.reproducible,
            .flaky = r.flaky};
  if (r.leak) f.leak = LeakHit{r.leak->family, r.leak->rule, r.leak->severity, r.leak->fingerprint};
  return f;
}

}  // namespace

std::vector<Finding> read_findings(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  const formats::FindingsFile file = formats::read_findings_file(path);
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < file.findings.size(); ++i) {
    Finding f = from_record(file.findings[i], path, i);
    const auto request_path = path.parent_path() / f.file;
    if (!f.file.empty() && std::filesystem::exists(request_path, ec)) {
      f.request = read_file(request_path, 4 << 20);
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

std::vector<Finding> merge_findings(std::vector<Finding> previous, std::vector<Finding> fresh) {
  std::map<std::string, Finding> by_signature;
  for (auto& f : previous) by_signature[f.signature] = std::move(f);
  for (auto& f : fresh) {
    auto it = by_signature.find(f.signature);
    if (it == by_signature.end()) {
      by_signature.emplace(f.signature, std::move(f));
      continue;
    }
    std::string first_seen = it->second.first_seen.empty() ? f.first_seen : it->second.first_seen;
    if (it->second.request.empty() || is_worse(f, it->second)) it->second = std::move(f);
    it->second.first_seen = first_seen;
  }
  std::vector<Finding> merged;
  for (auto& [signature, f] : by_signature) merged.push_back(std::move(f));
  return deduplicate(std::move(merged));
}

void write_findings(const std::filesystem::path& run_dir, std::vector<Finding>& findings,
                    std::string_view generated_at) {
  for (auto& f : findings) {
    if (f.request.empty()) continue;  // an earlier finding whose file is gone: keep the row
    f.file = std::filesystem::path("findings") / f.handler / (f.id + ".http");
    write_file_atomically(run_dir / f.file, f.request);
  }
  formats::FindingsFile file{.generated_at = std::string(generated_at), .findings = {}};
  for (const Finding& f : findings) file.findings.push_back(to_record(f));
  formats::write_findings_file(run_dir / "findings.json", file);
}

std::string utc_now_iso8601() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace walletfuzz::fuzzers
