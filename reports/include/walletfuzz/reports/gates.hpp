#pragma once
// Evaluation of gate thresholds against a run (parsing lives in gate_config.hpp). Every gate is
// reported, enabled or not, so JUnit has one test case per gate and a reader sees what was not
// checked. A configured gate whose input is missing (no load.json for the p99 gate) fails: a CI
// job that asked a question must not pass because the answer was absent.
//
//   auto verdict = walletfuzz::reports::evaluate_gates(gates, run, comparison);
//   return verdict.exit_code();   // 0 all passed, 1 any failed

#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/reports/gate_config.hpp"
#include "walletfuzz/reports/run_comparison.hpp"
#include "walletfuzz/reports/run_data.hpp"

namespace walletfuzz::reports {

/// The outcome of one gate.
struct GateResult {
  std::string id;     ///< stable: "no_new_crashes", "max_amplification", ... (JUnit test name)
  std::string title;  ///< for people: "Worst amplification at most 100x"
  bool enabled = false;
  bool passed = true;  ///< true for a disabled gate
  std::optional<double> measured;
  std::optional<double> threshold;
  std::string unit;    ///< "x", "USD per 1M requests", "ms", "USD per hour", "findings"
  std::string detail;  ///< what was measured where ("finding slow-3f2a: 19973x")
  std::vector<std::string> offenders;  ///< ids or class names that broke the gate
};

/// All gates of a run.
struct GateVerdict {
  std::vector<GateResult> results;
  bool passed() const;
  /// The CLI contract: 0 when every enabled gate passed, 1 when any failed.
  int exit_code() const { return passed() ? 0 : 1; }
  std::size_t failed_count() const;
};

/// Evaluates every gate of `config`. `comparison` says which findings are new (see
/// compare_runs); the spend gate uses project_spend() at config.attack_rate_rps.
GateVerdict evaluate_gates(const GateConfig& config, const RunData& run,
                           const RunComparison& comparison);

/// Kinds the crash gate counts: the process died or ran out of memory.
bool is_crash_kind(const std::string& kind);

}  // namespace walletfuzz::reports
