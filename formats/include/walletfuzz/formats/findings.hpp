#pragma once
// findings.json, written by `walletfuzz fuzz` and read by replay, cost and report
// (fields in docs/FORMATS.md). The one reader and the one writer of the file.
//
//   FindingsFile file = walletfuzz::formats::read_findings_file(run_dir / "findings.json");
//   file.findings.push_back({.id = "slow-3f2a9c1d", .handler = "search", .kind = "slow"});
//   walletfuzz::formats::write_findings_file(run_dir / "findings.json", file);

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::formats {

/// What the leak detector matched, for findings of kind "leak".
struct LeakRecord {
  std::string family;       ///< "secret", "stack_trace", ...
  std::string rule;         ///< "aws-access-key-id"
  std::string severity;     ///< "high", "medium", "low"
  std::string fingerprint;  ///< the evidence's fingerprint, for allowlists ("" in older files)
  friend bool operator==(const LeakRecord&, const LeakRecord&) = default;
};

/// One row of findings.json. The request itself lives in the request file `file` names.
struct FindingRecord {
  std::string id;  ///< "<kind>-<8 hex digits of the signature's hash>"
  std::string handler;
  std::string kind;             ///< crash | timeout | oom | slow | leak
  std::string file;             ///< request file, relative to the run directory
  std::string signature;        ///< de-duplication key; the identity of a finding across runs
  std::string summary;          ///< one line a person can read
  std::uint64_t median_ns = 0;  ///< cost.median_ns: median wall time of the confirmation re-runs
  std::uint64_t baseline_median_ns = 0;
  std::uint64_t work_units = 0;
  std::uint64_t peak_memory_bytes = 0;
  double amplification = 0;  ///< median_ns / baseline_median_ns
  std::optional<LeakRecord> leak;
  std::string first_seen;  ///< ISO 8601 UTC
  bool reproducible = false;
  bool flaky = false;
  friend bool operator==(const FindingRecord&, const FindingRecord&) = default;
};

struct FindingsFile {
  std::string generated_at;  ///< ISO 8601 UTC
  std::vector<FindingRecord> findings;
  friend bool operator==(const FindingsFile&, const FindingsFile&) = default;
};

/// Parses findings.json text. Throws InputError naming `file` and the field: bad JSON, a schema
/// check_schema refuses, a finding without id, kind or handler, a field of the wrong type.
/// Missing optional fields keep their defaults; unknown fields are ignored.
FindingsFile parse_findings(std::string_view text, const std::string& file);
/// parse_findings of the file at `path` (InputError when it cannot be read).
FindingsFile read_findings_file(const std::filesystem::path& path);

/// The findings.json text (schema "walletfuzz.findings/1").
std::string findings_to_json(const FindingsFile& file);
/// Writes findings_to_json atomically (RuntimeFailure when it cannot).
void write_findings_file(const std::filesystem::path& path, const FindingsFile& file);

}  // namespace walletfuzz::formats
