#pragma once
// The reports of a run: report.html, report.md, summary.json, findings.sarif and junit.xml,
// written into the run directory, plus the run's record in the history database. This is the
// one call `walletfuzz report RUN_DIR` and `walletfuzz run` make; the exit code follows the gates.
//
//   walletfuzz::reports::ReportOptions options;
//   options.gates.max_amplification = 100;   // the CLI copies the scenario's `gates` here
//   auto outcome = walletfuzz::reports::render_reports("runs/2026-11-28T12-00", options);
//   std::cout << outcome.files.front() << '\n';
//   return outcome.exit_code();   // 0 all gates passed, 1 any failed
//
// Renderers are pure functions of a ReportContext (renderers.hpp), so tests render fixtures
// without touching the disk or the history database.

#include <filesystem>
#include <string>
#include <vector>

#include "walletfuzz/reports/gate_config.hpp"
#include "walletfuzz/reports/gates.hpp"
#include "walletfuzz/reports/run_comparison.hpp"
#include "walletfuzz/reports/run_data.hpp"
#include "walletfuzz/reports/spend_projection.hpp"

namespace walletfuzz::reports {

/// How to render and judge a run.
struct ReportOptions {
  GateConfig gates;  ///< thresholds; gates.attack_rate_rps is also the summary's stated rate
  /// History database; empty means `history.sqlite` beside the run directory.
  std::filesystem::path history_path;
  bool use_history = true;   ///< false: no comparison, nothing recorded (every finding is new)
  std::string run_key;       ///< identity in the history; empty means the run directory's name
  std::string generated_at;  ///< ISO 8601 UTC; empty means now
  /// Scenario named in `walletfuzz replay` reproduction commands; empty means
  /// RUN_DIR/scenario.yaml.
  std::string scenario_path;
  /// Base URL for curl reproduction commands; empty means load.json's target, else
  /// http://127.0.0.1:8080 (`walletfuzz serve`).
  std::string target_url;
  /// The replay reproduction command; {scenario}, {target}, {id} and {file} are substituted.
  std::string replay_command =
      "walletfuzz replay --target {target} --request {file} --rate 10 --duration 10";
  double regression_ratio = 1.10;  ///< "more expensive" means more than 10% dearer
  RunDataLimits limits;
};

/// Everything the renderers need, computed once.
struct ReportContext {
  RunData run;  ///< redacted
  GateConfig gates;
  GateVerdict verdict;
  RunComparison comparison;
  std::vector<SpendProjection> spend;  ///< most expensive per request first
  std::string run_key;
  std::string generated_at;
  std::string scenario_path;
  std::string target_url;
  std::string replay_command;
  std::string version;  ///< walletfuzz version written into SARIF and summary.json
};

/// Builds the context: projects spend, evaluates gates against `comparison`.
ReportContext build_report_context(RunData run, const ReportOptions& options,
                                   RunComparison comparison);

/// What render_reports() did.
struct ReportOutcome {
  GateVerdict verdict;
  RunComparison comparison;
  std::vector<std::filesystem::path> files;  ///< report.html first
  int exit_code() const { return verdict.exit_code(); }
};

/// Loads the run, compares it with the previous run in the history, evaluates the gates, writes
/// the five files atomically and records the run. Throws InputError for a bad run directory or
/// bad gate config (exit 2) and RuntimeFailure when a file or the history cannot be written
/// (exit 3); files already written stay complete.
ReportOutcome render_reports(const std::filesystem::path& run_dir, const ReportOptions& options);

/// The version string reports carry ("0.1.0").
const char* reports_version();

}  // namespace walletfuzz::reports
