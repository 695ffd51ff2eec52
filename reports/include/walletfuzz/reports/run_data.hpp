#pragma once
// What a run directory holds, as the reports show it: findings.json, load.json and cost.json
// (read by formats, docs/FORMATS.md) turned into plain values, redacted, with the findings'
// request files.
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
#include "walletfuzz/formats/cost.hpp"
#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/formats/load.hpp"

namespace walletfuzz::reports {

/// Leak details of a finding of kind "leak", as findings.json has them.
using LeakInfo = formats::LeakRecord;

/// One entry of findings.json. Free text is redacted by load_run_data()
/// (walletfuzz/detectors/redaction.hpp).
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
  std::optional<double> amplification;             ///< raw: per request
  std::optional<double> size_aware_amplification;  ///< per request byte
  std::optional<LeakInfo> leak;
  std::optional<formats::GrowthRecord> growth;  ///< scale probing of a slow finding
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
  /// Responses whose every leak the scenario's allowlist accepts (not counted in `leaks`).
  std::uint64_t leaks_allowlisted = 0;
  /// Responses checked against the function's `expect:`, and those that failed it.
  std::uint64_t checked = 0, check_failures = 0;
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
  /// The baselines failed their checks above the limit: every figure measured an error path.
  bool baselines_unusable = false;
  std::optional<double> baseline_check_failure_rate;  ///< unset: no baseline was checked
  double max_baseline_check_failures = 0.5;
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

/// One attacker projection of cost.json, as the file has it.
using AttackerProjection = formats::AttackerRecord;

/// One function's bill in cost.json: its configuration, its line items, and the client-side
/// estimate beside the bill of its own REPORT lines.
struct CostFunction {
  std::string name;  ///< empty: the default function (classes of no listed function)
  std::string arch;
  std::optional<double> memory_mb;
  std::optional<double> invocations;
  std::optional<double> total_usd;         ///< estimate from load.json, list prices
  std::optional<double> report_total_usd;  ///< bill of its REPORT lines, when they were read
  /// As cost.json has them (with each price's source and date); an empty description is the
  /// meter's id.
  std::vector<formats::LineItemRecord> line_items;
  /// (estimate - REPORT bill) / REPORT bill in percent, when both are known.
  std::optional<double> difference_pct() const;
};

/// cost.json as a whole.
struct CostResult {
  std::string provider, region, arch;
  std::vector<CostClass> classes;
  std::vector<CostFunction> functions;
  std::vector<AttackerProjection> attacker;
  std::optional<double> account_concurrency_limit;
  std::optional<double> throttle_rate_rps;
  std::optional<double> total_usd;
  std::optional<formats::MonthlyBillRecord> monthly;  ///< at declared traffic
  std::vector<formats::AttackScenarioRecord> attack_scenarios;
  std::vector<formats::RightSizingRecord> right_sizing;
  std::string providers_basis;  ///< what the provider comparison priced; empty: none
  std::vector<formats::ProviderComparisonRecord> providers;
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
  std::size_t max_request_file_bytes = 2u * 1024 * 1024;
  std::size_t shown_request_bytes = 4096;  ///< request text beyond this is cut in reports
};

/// Reads and parses the run directory's JSON files and the findings' request files, then redacts
/// every free-text field. Throws InputError (file + field) for malformed JSON or wrong types, or
/// when the directory holds none of the three files. A finding whose request file is missing,
/// unreadable or outside the run directory keeps `request_error` instead of failing the report.
RunData load_run_data(const std::filesystem::path& run_dir, const RunDataLimits& limits = {});

/// The run files as reports show them (the files themselves are read by formats). Free text is
/// redacted later, by load_run_data().
std::vector<Finding> findings_view(const formats::FindingsFile& file);
LoadResult load_view(const formats::LoadResult& file);
CostResult cost_view(const formats::CostFile& file);

}  // namespace walletfuzz::reports
