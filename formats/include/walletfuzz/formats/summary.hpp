#pragma once
// summary.json, written by `walletfuzz report` for machines (dashboards, CI, the `run` summary
// line): the verdict, the gates, the top risks and the findings as the report shows them
// (fields in docs/FORMATS.md). Every string in it was redacted by the report stage.
//
//   SummaryFile summary = walletfuzz::formats::read_summary_file(run_dir / "summary.json");
//   if (!summary.verdict.passed) return summary.verdict.exit_code;

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::formats {

struct SummaryRun {
  std::string key, target;
  bool load_partial = false;
  std::string provider, region, arch;
  friend bool operator==(const SummaryRun&, const SummaryRun&) = default;
};

struct SummaryVerdict {
  bool passed = true;
  int exit_code = 0;
  std::uint64_t failed_gates = 0;
  friend bool operator==(const SummaryVerdict&, const SummaryVerdict&) = default;
};

/// One gate, always all six in a fixed order.
struct SummaryGate {
  std::string id, title;
  bool enabled = false;
  bool passed = true;
  std::optional<double> measured, threshold;
  std::string unit, detail;
  std::vector<std::string> offenders;
  friend bool operator==(const SummaryGate&, const SummaryGate&) = default;
};

struct SummaryWorstAmplification {
  std::string finding_id, handler;
  std::optional<double> amplification;  ///< none when unbounded (a zero baseline)
  friend bool operator==(const SummaryWorstAmplification&,
                         const SummaryWorstAmplification&) = default;
};

/// A class ranked by owner spend per day at the stated attack rate.
struct SummaryRisk {
  std::string class_name;  ///< "class" in the file
  std::string kind, handler, finding_id;
  std::optional<double> cost_per_million_usd, usd_per_hour, usd_per_day, throttle_rate_rps;
  bool throttled_at_stated_rate = false;
  friend bool operator==(const SummaryRisk&, const SummaryRisk&) = default;
};

struct SummaryFindingRef {
  std::string id, signature, kind, handler;
  friend bool operator==(const SummaryFindingRef&, const SummaryFindingRef&) = default;
};

struct SummaryCostIncrease {
  std::string key, label, metric;
  std::optional<double> before, after;
  friend bool operator==(const SummaryCostIncrease&, const SummaryCostIncrease&) = default;
};

/// Against the previous recorded run.
struct SummaryHistory {
  std::optional<std::string> previous_run;                      ///< none on the first recorded run
  std::vector<SummaryFindingRef> new_findings, fixed_findings;  ///< "new", "fixed"
  std::vector<SummaryCostIncrease> more_expensive;
  friend bool operator==(const SummaryHistory&, const SummaryHistory&) = default;
};

struct SummaryFinding {
  std::string id, kind, handler, signature, file, summary;
  bool is_new = false;  ///< "new" in the file
  std::optional<double> amplification, cost_per_million_usd, usd_per_day_at_attack_rate;
  std::string mitigation, reproduce_curl, reproduce_replay;
  friend bool operator==(const SummaryFinding&, const SummaryFinding&) = default;
};

/// summary.json as a whole.
struct SummaryFile {
  std::string generated_at, walletfuzz_version;
  SummaryRun run;
  SummaryVerdict verdict;
  double attack_rate_rps = 0;
  std::vector<SummaryGate> gates;
  std::uint64_t findings_total = 0;                       ///< totals.findings
  std::map<std::string, std::uint64_t> findings_by_kind;  ///< totals.by_kind
  std::optional<SummaryWorstAmplification> worst_amplification;
  std::vector<SummaryRisk> top_risks;
  SummaryHistory history;
  std::vector<SummaryFinding> findings;
  std::vector<std::string> files;  ///< the report files written beside it
  friend bool operator==(const SummaryFile&, const SummaryFile&) = default;
};

/// Parses summary.json text. Throws InputError naming `file` and the field: bad JSON, a schema
/// check_schema refuses, a field of the wrong type. Unknown fields are ignored.
SummaryFile parse_summary(std::string_view text, const std::string& file);
/// parse_summary of the file at `path` (InputError when it cannot be read).
SummaryFile read_summary_file(const std::filesystem::path& path);

/// The summary.json text (schema "walletfuzz.summary/1").
std::string summary_to_json(const SummaryFile& summary);
/// Writes summary_to_json atomically (RuntimeFailure when it cannot).
void write_summary_file(const std::filesystem::path& path, const SummaryFile& summary);

}  // namespace walletfuzz::formats
