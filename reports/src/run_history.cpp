#include "walletfuzz/reports/run_history.hpp"

#include <sqlite3.h>

#include <utility>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::reports {

namespace {

// Bumped when the tables change; an older build refuses a newer file instead of misreading it.
// 2: run_findings.growth_order (scale probing); a version 1 file gets the column added.
constexpr int kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_key TEXT NOT NULL UNIQUE,
  recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_findings (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  signature TEXT NOT NULL,
  finding_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  handler TEXT NOT NULL,
  amplification REAL,
  cost_per_million_usd REAL,
  growth_order REAL,
  PRIMARY KEY (run_id, signature)
);
CREATE TABLE IF NOT EXISTS run_costs (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  cost_key TEXT NOT NULL,
  label TEXT NOT NULL,
  cost_per_million_usd REAL,
  amplification REAL,
  PRIMARY KEY (run_id, cost_key)
);
CREATE TABLE IF NOT EXISTS run_gates (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  gate_id TEXT NOT NULL,
  passed INTEGER NOT NULL,
  PRIMARY KEY (run_id, gate_id)
);
)sql";

// A prepared statement that finalizes itself; errors name the database file.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& file, const char* sql) : db_(db), file_(file) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) fail("preparing");
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.c_str(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
  }
  void bind(int index, long long value) { sqlite3_bind_int64(statement_, index, value); }
  void bind(int index, const std::optional<double>& value) {
    if (value) {
      sqlite3_bind_double(statement_, index, *value);
    } else {
      sqlite3_bind_null(statement_, index);
    }
  }
  /// True while there is a row; false when done.
  bool step() {
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail("querying");
    return false;
  }
  void run() {
    while (step()) {
    }
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  std::string text(int column) const {
    const unsigned char* value = sqlite3_column_text(statement_, column);
    return value ? reinterpret_cast<const char*>(value) : "";
  }
  long long integer(int column) const { return sqlite3_column_int64(statement_, column); }
  std::optional<double> real(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(statement_, column);
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw RuntimeFailure("run history " + file_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  const std::string& file_;
  sqlite3_stmt* statement_ = nullptr;
};

void exec(sqlite3* db, const std::string& file, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw RuntimeFailure("run history " + file + ": " + text);
  }
}

}  // namespace

RunHistory RunHistory::open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  std::string file = path.string();
  int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw RuntimeFailure("cannot open run history " + file + ": " + message);
  }
  RunHistory history(db, path);
  sqlite3_busy_timeout(db, 5000);
  exec(db, file, "PRAGMA foreign_keys = ON");
  int version = 0;
  {
    // The first read of a file that is not SQLite at all fails here ("file is not a database").
    Statement query(db, file, "PRAGMA user_version");
    if (query.step()) version = static_cast<int>(query.integer(0));
  }
  if (version > kSchemaVersion) {
    throw RuntimeFailure("run history " + file + " has schema version " + std::to_string(version) +
                         "; this walletfuzz understands up to " + std::to_string(kSchemaVersion));
  }
  exec(db, file, "BEGIN IMMEDIATE");
  try {
    exec(db, file, kSchema);
    if (version == 1) exec(db, file, "ALTER TABLE run_findings ADD COLUMN growth_order REAL");
    exec(db, file, ("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
    exec(db, file, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return history;
}

RunHistory::RunHistory(RunHistory&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

RunHistory& RunHistory::operator=(RunHistory&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

RunHistory::~RunHistory() {
  sqlite3_close(db_);
}

std::optional<RunSnapshot> RunHistory::previous_snapshot(const std::string& run_key) const {
  std::string file = path_.string();
  Statement query(db_, file,
                  "SELECT id, run_key FROM runs WHERE run_key <> ?1 AND id < "
                  "COALESCE((SELECT id FROM runs WHERE run_key = ?1), 9223372036854775807) "
                  "ORDER BY id DESC LIMIT 1");
  query.bind(1, run_key);
  if (!query.step()) return std::nullopt;
  return load_snapshot(query.integer(0), query.text(1));
}

RunSnapshot RunHistory::load_snapshot(long long run_id, const std::string& run_key) const {
  std::string file = path_.string();
  RunSnapshot snapshot;
  snapshot.run_key = run_key;
  Statement findings(db_, file,
                     "SELECT signature, finding_id, kind, handler, amplification, "
                     "cost_per_million_usd, growth_order FROM run_findings WHERE run_id = ?1");
  findings.bind(1, run_id);
  while (findings.step()) {
    FindingRecord record{findings.text(0), findings.text(1), findings.text(2), findings.text(3),
                         findings.real(4), findings.real(5), findings.real(6)};
    snapshot.findings.emplace(record.signature, record);
  }
  Statement costs(db_, file,
                  "SELECT cost_key, label, cost_per_million_usd, amplification FROM run_costs "
                  "WHERE run_id = ?1");
  costs.bind(1, run_id);
  while (costs.step()) {
    snapshot.costs[costs.text(0)] = CostRecord{costs.text(1), costs.real(2), costs.real(3)};
  }
  Statement gates(db_, file, "SELECT gate_id, passed FROM run_gates WHERE run_id = ?1");
  gates.bind(1, run_id);
  while (gates.step()) snapshot.gates[gates.text(0)] = gates.integer(1) != 0;
  return snapshot;
}

void RunHistory::record(const RunSnapshot& snapshot, const std::string& recorded_at) {
  std::string file = path_.string();
  exec(db_, file, "BEGIN IMMEDIATE");
  try {
    {
      // Upsert keeps the run's id, and with it its place in the order.
      Statement upsert(db_, file,
                       "INSERT INTO runs (run_key, recorded_at) VALUES (?1, ?2) "
                       "ON CONFLICT(run_key) DO UPDATE SET recorded_at = excluded.recorded_at");
      upsert.bind(1, snapshot.run_key);
      upsert.bind(2, recorded_at);
      upsert.run();
    }
    long long run_id = 0;
    {
      Statement id(db_, file, "SELECT id FROM runs WHERE run_key = ?1");
      id.bind(1, snapshot.run_key);
      if (id.step()) run_id = id.integer(0);
    }
    for (const char* table : {"run_findings", "run_costs", "run_gates"}) {
      std::string sql = std::string("DELETE FROM ") + table + " WHERE run_id = ?1";
      Statement clear(db_, file, sql.c_str());
      clear.bind(1, run_id);
      clear.run();
    }
    Statement finding(db_, file,
                      "INSERT INTO run_findings (run_id, signature, finding_id, kind, handler, "
                      "amplification, cost_per_million_usd, growth_order) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (const auto& [signature, record] : snapshot.findings) {
      finding.bind(1, run_id);
      finding.bind(2, signature);
      finding.bind(3, record.id);
      finding.bind(4, record.kind);
      finding.bind(5, record.handler);
      finding.bind(6, record.amplification);
      finding.bind(7, record.cost_per_million_usd);
      finding.bind(8, record.growth_order);
      finding.run();
    }
    Statement cost(db_, file, "INSERT INTO run_costs VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& [key, record] : snapshot.costs) {
      cost.bind(1, run_id);
      cost.bind(2, key);
      cost.bind(3, record.label);
      cost.bind(4, record.cost_per_million_usd);
      cost.bind(5, record.amplification);
      cost.run();
    }
    Statement gate(db_, file, "INSERT INTO run_gates VALUES (?1, ?2, ?3)");
    for (const auto& [id, passed] : snapshot.gates) {
      gate.bind(1, run_id);
      gate.bind(2, id);
      gate.bind(3, static_cast<long long>(passed ? 1 : 0));
      gate.run();
    }
    exec(db_, file, "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<std::string> RunHistory::run_keys() const {
  std::string file = path_.string();
  Statement query(db_, file, "SELECT run_key FROM runs ORDER BY id");
  std::vector<std::string> keys;
  while (query.step()) keys.push_back(query.text(0));
  return keys;
}

}  // namespace walletfuzz::reports
