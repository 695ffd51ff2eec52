// render_reports(): load, compare with history, judge, write, record. The one entry point of
// `walletfuzz report` and of the last step of `walletfuzz run`.
#include <utility>

#include "text_format.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/reports/renderers.hpp"
#include "walletfuzz/reports/report.hpp"
#include "walletfuzz/reports/run_history.hpp"

#ifndef WALLETFUZZ_REPORTS_VERSION
#define WALLETFUZZ_REPORTS_VERSION "0.1.0"
#endif

namespace walletfuzz::reports {
namespace fs = std::filesystem;

const char* reports_version() {
  return WALLETFUZZ_REPORTS_VERSION;
}

namespace {

// "runs/2026-11-28T12-00/" -> "2026-11-28T12-00": the run's identity in the history.
std::string default_run_key(const fs::path& run_dir) {
  fs::path normal = fs::absolute(run_dir).lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();
  return normal.filename().string();
}

fs::path default_history_path(const fs::path& run_dir) {
  fs::path normal = fs::absolute(run_dir).lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();
  return normal.parent_path() / "history.sqlite";
}

}  // namespace

ReportContext build_report_context(RunData run, const ReportOptions& options,
                                   RunComparison comparison) {
  ReportContext context;
  context.gates = options.gates;
  context.verdict = evaluate_gates(options.gates, run, comparison);
  context.spend = project_spend(run);
  context.comparison = std::move(comparison);
  context.run_key = options.run_key.empty() ? default_run_key(run.run_dir) : options.run_key;
  context.generated_at =
      options.generated_at.empty() ? detail::utc_now_iso8601() : options.generated_at;
  context.scenario_path = options.scenario_path.empty() ? (run.run_dir / "scenario.yaml").string()
                                                        : options.scenario_path;
  if (!options.target_url.empty()) {
    context.target_url = options.target_url;
  } else if (run.load && !run.load->target.empty()) {
    context.target_url = run.load->target;
  } else {
    context.target_url = "http://127.0.0.1:8080";
  }
  context.replay_command = options.replay_command;
  context.version = reports_version();
  context.run = std::move(run);
  return context;
}

ReportOutcome render_reports(const fs::path& run_dir, const ReportOptions& options) {
  if (auto errors = validate_gate_config(options.gates); !errors.empty()) {
    throw InputError(
        {"", 0, 0, "gates"},
        errors.front() +
            (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) + " more)" : ""));
  }
  RunData run = load_run_data(run_dir, options.limits);
  std::string run_key = options.run_key.empty() ? default_run_key(run_dir) : options.run_key;

  std::optional<RunHistory> history;
  RunComparison comparison;
  if (options.use_history) {
    history.emplace(RunHistory::open(options.history_path.empty() ? default_history_path(run_dir)
                                                                  : options.history_path));
    auto previous = history->previous_snapshot(run_key);
    comparison = compare_runs(previous ? &*previous : nullptr, snapshot_of(run_key, run),
                              options.regression_ratio);
  } else {
    comparison = compare_runs(nullptr, snapshot_of(run_key, run), options.regression_ratio);
  }

  ReportOptions resolved = options;
  resolved.run_key = run_key;
  RunSnapshot snapshot = snapshot_of(run_key, run);
  ReportContext context = build_report_context(std::move(run), resolved, std::move(comparison));

  ReportOutcome outcome;
  const std::pair<const char*, std::string (*)(const ReportContext&)> outputs[] = {
      {"report.html", render_html},
      {"report.md", render_markdown},
      {"summary.json", render_summary_json},
      {"findings.sarif", render_sarif},
      {"junit.xml", render_junit}};
  for (const auto& [name, render] : outputs) {
    fs::path path = run_dir / name;
    write_file_atomically(path, render(context));
    outcome.files.push_back(path);
  }
  // Recorded last: a run whose reports could not be written is not history yet.
  if (history) {
    for (const GateResult& gate : context.verdict.results) {
      if (gate.enabled) snapshot.gates[gate.id] = gate.passed;
    }
    history->record(snapshot, context.generated_at);
  }
  outcome.verdict = std::move(context.verdict);
  outcome.comparison = std::move(context.comparison);
  return outcome;
}

}  // namespace walletfuzz::reports
