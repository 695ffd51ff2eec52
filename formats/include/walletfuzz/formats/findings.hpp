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

/// One scale the probe measured: the axis at `count` (elements, repetitions, a number's value).
struct GrowthPointRecord {
  double count = 0;
  double request_bytes = 0;
  double cost_ns = 0;     ///< median wall time
  bool censored = false;  ///< stopped at the function's timeout: a lower bound, not fitted
  friend bool operator==(const GrowthPointRecord&, const GrowthPointRecord&) = default;
};

/// One request at the limits, from the fit (growth.worst_case).
struct WorstCaseRecord {
  double request_bytes = 0;  ///< the largest request the platform accepts (or the same request)
  double count = 0;          ///< the axis at that size
  double cost_ns = 0;        ///< predicted, at most the function's timeout
  double billed_ms = 0;
  bool reaches_timeout = false;
  std::optional<double> timeout_request_bytes;  ///< where one request bills the whole timeout
  std::optional<double> timeout_count;
  bool timeout_measured = false;  ///< a probe run reached the timeout there (else: extrapolated)
  friend bool operator==(const WorstCaseRecord&, const WorstCaseRecord&) = default;
};

/// How a slow finding's cost grows with its size (scale probing in triage).
struct GrowthRecord {
  std::string axis;          ///< array_elements | repeated_piece | numeric_value
  std::string name;          ///< the key or parameter scaled ("contacts"); may be empty
  std::string growth_class;  ///< constant | linear | n-log-n | power | exponential
  double exponent = 0;       ///< k of power (1 for linear); the rate per unit of exponential
  std::string words;         ///< "quadratic in the number of `contacts`"
  bool confident = false;
  bool superlinear = false;
  bool unbounded = false;
  double relative_error = 0;
  std::vector<GrowthPointRecord> points;
  WorstCaseRecord worst_case;
  friend bool operator==(const GrowthRecord&, const GrowthRecord&) = default;
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
  double amplification = 0;  ///< median_ns / baseline_median_ns: the raw ratio
  /// Size of the request file and median size of the handler's baseline requests (cost.*; 0 in
  /// files written before size-aware amplification).
  std::uint64_t request_bytes = 0;
  std::uint64_t baseline_request_bytes = 0;
  /// amplification per request byte (walletfuzz/core/amplification.hpp); none in older files.
  std::optional<double> size_aware_amplification;
  std::optional<LeakRecord> leak;
  std::optional<GrowthRecord> growth;  ///< slow findings whose request could be rescaled
  std::string first_seen;              ///< ISO 8601 UTC
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
