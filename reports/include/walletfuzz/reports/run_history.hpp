#pragma once
// Run history in SQLite (`history.sqlite` beside the run directories): each run's gates,
// findings and costs, so a report can say what is new, fixed and more expensive since the
// previous run. Re-rendering a run replaces its record and still compares with the run before
// it, so `walletfuzz report` is idempotent.
//
//   auto history = walletfuzz::reports::RunHistory::open("runs/history.sqlite");
//   auto before = history.previous_snapshot("2026-11-28T12-00");
//   auto diff = walletfuzz::reports::compare_runs(before ? &*before : nullptr, now);
//   history.record(now, "2026-11-28T12:30:00Z");

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/reports/run_comparison.hpp"

struct sqlite3;

namespace walletfuzz::reports {

/// An open history database. Movable, not copyable; closes on destruction.
class RunHistory {
 public:
  /// Opens (creating if needed) the database and its tables. Several reports may write at once
  /// (sharded CI jobs): writes are single transactions and wait up to 5 s for each other.
  /// Throws RuntimeFailure naming the file when it cannot be opened or is not a walletfuzz
  /// history database of a version this build understands.
  static RunHistory open(const std::filesystem::path& path);

  RunHistory(RunHistory&&) noexcept;
  RunHistory& operator=(RunHistory&&) noexcept;
  ~RunHistory();

  /// The run recorded before `run_key` (before its first recording, when it was recorded
  /// already; else the latest run), or nullopt when there is none.
  std::optional<RunSnapshot> previous_snapshot(const std::string& run_key) const;

  /// Stores `snapshot` as the record of its run, replacing an earlier record of the same key
  /// but keeping that run's place in the order.
  void record(const RunSnapshot& snapshot, const std::string& recorded_at);

  /// Run keys in recording order, oldest first.
  std::vector<std::string> run_keys() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  RunHistory(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  RunSnapshot load_snapshot(long long run_id, const std::string& run_key) const;

  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

}  // namespace walletfuzz::reports
