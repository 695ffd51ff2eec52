#pragma once
// What changed since the previous run: new findings, fixed findings, and what got more
// expensive. A run is reduced to a RunSnapshot (what the history database keeps of it); two
// snapshots compare without touching the database, so the rules are testable on their own.
//
//   auto now = walletfuzz::reports::snapshot_of("run-2", run);
//   auto diff = walletfuzz::reports::compare_runs(&previous, now);
//   for (const auto& finding : diff.new_findings) std::cout << "new: " << finding.signature;

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/reports/run_data.hpp"

namespace walletfuzz::reports {

/// A finding as history remembers it; the signature is its identity across runs (ids may change).
struct FindingRecord {
  std::string signature;
  std::string id;
  std::string kind;
  std::string handler;
  std::optional<double> amplification;
  std::optional<double> cost_per_million_usd;
  /// How fast its cost grows with its size, from a confident scale-probing fit (growth_order());
  /// none when it was not probed.
  std::optional<double> growth_order;
};

/// A growth class as one number that orders them: 0 constant, 1 linear, 1.1 n log n, k for n^k,
/// 1000 exponential; none without a confident fit.
std::optional<double> growth_order(const std::optional<formats::GrowthRecord>& growth);

/// The price of something that can get more expensive: a finding ("finding:<signature>") or a
/// request class that is not a finding ("class:<name>").
struct CostRecord {
  std::string label;  ///< for people: finding id or class name
  std::optional<double> cost_per_million_usd;
  std::optional<double> amplification;
};

/// What history keeps of one run.
struct RunSnapshot {
  std::string run_key;
  std::map<std::string, FindingRecord> findings;  ///< by signature
  std::map<std::string, CostRecord> costs;        ///< by key
  std::map<std::string, bool> gates;              ///< gate id -> passed
};

/// One thing that got more expensive, in the metric both runs have (cost, else amplification).
struct CostIncrease {
  std::string key;
  std::string label;
  std::string metric;  ///< "cost_per_million_usd" or "amplification"
  double before = 0;
  double after = 0;
};

/// The difference between a run and the one before it.
struct RunComparison {
  std::optional<std::string> previous_run;  ///< run key; empty when this is the first run
  std::vector<FindingRecord> new_findings;  ///< every finding, when there is no previous run
  /// Gone since the previous run, or still there but no longer growing faster than its size
  /// (superlinear before, linear or slower now): the algorithm was fixed even if the same input
  /// still runs above the raw ratio.
  std::vector<FindingRecord> fixed_findings;
  std::vector<CostIncrease> more_expensive;
  /// True when `signature` was not in the previous run (always true without a previous run).
  bool is_new(const std::string& signature) const;
};

/// Reduces a run to what history keeps of it. Gates are filled in by the caller once evaluated.
RunSnapshot snapshot_of(const std::string& run_key, const RunData& run);

/// Compares `current` with `previous` (nullptr: first run, everything is new). A price counts as
/// more expensive when it grew by more than `regression_ratio` (1.10 = more than 10%), so the
/// noise of re-measuring the same code does not raise alarms.
RunComparison compare_runs(const RunSnapshot* previous, const RunSnapshot& current,
                           double regression_ratio = 1.10);

}  // namespace walletfuzz::reports
