#pragma once
// What a run directory holds, as the reports read it: findings.json, load.json and cost.json
// (docs/FORMATS.md) turned into plain values. Parsing is tolerant of what producers may add
// (unknown fields are ignored) and strict about what it needs (a wrong type is an InputError
// naming the file and the field, such as "findings.json: findings[2].cost.median_ns").
//
//   walletfuzz::reports::RunData run = walletfuzz::reports::load_run_data("runs/2026-11-28");
//   for (const auto& finding : run.findings) std::cout << finding.id << '\n';

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::reports {

/// Leak details of a finding of kind "leak".
struct LeakInfo {
  std::string family;    ///< "secret", "stack-trace", "verbose-error"
  std::string rule;      ///< "aws-access-key-id"
  std::string severity;  ///< "high", "medium", "low"
};

/// One entry of findings.json. Free text is redacted by load_run_data() (walletfuzz/detectors/redaction.hpp).
struct Finding {
  std::string id;
  std::string handler;
  std::string kind;       ///< crash | timeout | oom | slow | leak (others are kept as written)
  std::string file;       ///< request file, relative to the run directory
  std::string signature;  ///< de-duplication key; the identity of a finding across runs
  std::string summary;
  std::optional<double> median_ns;
  std::optional<double> baseline_median_ns;
  std::optional<double> work_units;
  std::optional<double> peak_memory_bytes;
  std::optional<double> amplification;
  std::optional<LeakInfo> leak;
  std::string first_seen;
  bool reproducible = true;
  bool flaky = false;
  /// The request as it is shown in reports: the request file, redacted, with non-printable bytes
  /// escaped and long bodies cut. Empty with `request_error` set when the file is unreadable.
  std::string request_text;
  std::string request_error;
  /// The request parsed and redacted (for curl commands), when the file is a valid request.
  std::optional<Request> request;
};

/// Latency summary of one class in milliseconds (load.json "latency_ms" and its uncorrected twin).
struct LatencySummary {
  std::uint64_t count = 0;
  std::map<std::string, double> percentiles;  ///< "p50", "p90", "p99", "p99_9", "max", ...
  std::optional<double> get(const std::string& key) const;
};

/// One request class of load.json.
struct LoadClass {
  std::string name;  ///< "baseline:search-products" or "finding:slow-3f2a9c1d"
  std::string kind;
  std::string handler;
  std::string finding_id;  ///< empty for baseline classes
  std::uint64_t sent = 0, responses = 0, dropped = 0, throttled = 0, leaks = 0;
  std::map<std::string, std::uint64_t> errors;  ///< category -> count
  std::map<std::string, std::uint64_t> status;  ///< "200" -> count
  std::optional<double> achieved_rate;
  std::optional<LatencySummary> latency;              ///< corrected for coordinated omission
  std::optional<LatencySummary> latency_uncorrected;  ///< as the client saw it
};

/// load.json as a whole.
struct LoadResult {
  std::string target;
  bool partial = false;
  std::string started_at;
  std::optional<double> duration_s;
  std::string mode;
  std::vector<LoadClass> classes;
};

/// One request class of cost.json.
struct CostClass {
  std::string name, kind, handler;
  std::optional<double> requests;
  std::optional<double> memory_mb;
  std::optional<double> billed_ms_mean;
  std::optional<double> cost_per_request_usd;
  std::optional<double> cost_per_million_usd;
  std::optional<double> amplification;
  std::optional<double> throttle_rate_rps;  ///< per-class throttling point when the model gives one
  std::string finding_id;                   ///< empty for baseline classes
};

/// One attacker projection of cost.json.
struct AttackerProjection {
  std::string class_name;
  std::optional<double> rate_rps, hours, owner_cost_usd, usd_per_day, owner_usd_per_attacker_usd;
};

/// cost.json as a whole.
struct CostResult {
  std::string provider, region, arch;
  std::vector<CostClass> classes;
  std::vector<AttackerProjection> attacker;
  std::optional<double> account_concurrency_limit;
  std::optional<double> throttle_rate_rps;
  std::optional<double> total_usd;
};

/// Everything a report is made from. Each stage's file is optional (a run may stop after fuzzing),
/// but at least one must be present.
struct RunData {
  std::filesystem::path run_dir;
  std::string generated_at;  ///< findings.json "generated_at", else empty
  std::vector<Finding> findings;
  std::optional<LoadResult> load;
  std::optional<CostResult> cost;

  const CostClass* cost_class(const std::string& name) const;
  /// The cost class of a finding: "finding:<id>" by name, or the class carrying its id.
  const CostClass* cost_of(const Finding& finding) const;
  const LoadClass* load_of(const Finding& finding) const;
};

/// Limits on what is read, so a huge or hostile run directory cannot exhaust memory.
struct RunDataLimits {
  std::size_t max_json_bytes = 256u * 1024 * 1024;
  std::size_t max_request_file_bytes = 2u * 1024 * 1024;
  std::size_t shown_request_bytes = 4096;  ///< request text beyond this is cut in reports
};

/// Reads and parses the run directory's JSON files and the findings' request files, then redacts
/// every free-text field. Throws InputError (file + field) for malformed JSON or wrong types, or
/// when the directory holds none of the three files. A finding whose request file is missing,
/// unreadable or outside the run directory keeps `request_error` instead of failing the report.
RunData load_run_data(const std::filesystem::path& run_dir, const RunDataLimits& limits = {});

/// Parsers of one file's text, for tests and for callers that already hold the bytes. `file` is
/// the name used in error messages.
std::vector<Finding> parse_findings_json(std::string_view text, const std::string& file,
                                         std::string* generated_at = nullptr);
LoadResult parse_load_json(std::string_view text, const std::string& file);
CostResult parse_cost_json(std::string_view text, const std::string& file);

}  // namespace walletfuzz::reports
