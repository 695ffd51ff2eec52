#pragma once
// load.json, written by `walletfuzz replay` (and `merge`) and read by cost and report
// (fields in docs/FORMATS.md): what a load run measured, per request class. The load generator
// records straight into these types (loadgen aliases them), so what is written is what was counted.
//
//   LoadResult result = runner.run();
//   walletfuzz::formats::write_load_file(run_dir / "load.json", result);
//   LoadResult back = walletfuzz::formats::read_load_file(run_dir / "load.json");

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "walletfuzz/core/histogram.hpp"

namespace walletfuzz::formats {

/// Why a request sent on the wire got no response. Counted, never thrown, on the hot path.
enum class ErrorKind : std::size_t {
  connect,         ///< TCP connect failed or timed out
  tls,             ///< TLS handshake or certificate verification failed
  write,           ///< writing the request failed
  read,            ///< reading failed for another reason
  timeout,         ///< no complete response within the request timeout (slow or trickling server)
  reset,           ///< connection reset by the peer
  closed,          ///< the peer closed the connection before a complete response
  protocol,        ///< not an HTTP/1.x response (garbage), or a 101 upgrade
  body_too_large,  ///< response body over the configured cap; the connection is dropped
  aborted,         ///< still in flight when the run stopped and the drain time ran out
};
inline constexpr std::size_t error_kind_count = 10;
/// The key of an error kind in load.json's "errors" object ("connect", "body_too_large", ...).
std::string_view to_string(ErrorKind kind) noexcept;

/// Raw counters of one class in one thread (or, merged, of the whole run). Invariants:
/// scheduled = sent + dropped, sent = responses + sum(errors).
struct ClassStats {
  std::uint64_t scheduled = 0;  ///< requests that came due
  std::uint64_t sent = 0;       ///< requests handed to a connection
  std::uint64_t responses = 0;  ///< complete responses (any status)
  std::uint64_t dropped = 0;    ///< never sent: no free connection within the lateness limit
  std::uint64_t late = 0;       ///< sent, but more than 1 ms after their due time
  std::array<std::uint64_t, error_kind_count> errors{};
  std::array<std::uint64_t, 1000> status{};  ///< by status code 0-999
  std::uint64_t throttled = 0;               ///< 429 responses
  std::uint64_t retry_after_seen = 0;        ///< responses carrying Retry-After
  /// Largest Retry-After in seconds (delay-seconds saturate at UINT64_MAX; an HTTP-date counts
  /// from the response's Date).
  std::uint64_t retry_after_max_s = 0;
  std::uint64_t retry_after_malformed = 0;  ///< Retry-After values in neither form (of the seen)
  /// Responses the leak detector flagged with at least one finding the leak allowlist does not
  /// accept.
  std::uint64_t leaks = 0;
  /// Responses whose every leak finding the allowlist accepts: counted here, not in `leaks`.
  std::uint64_t leaks_allowlisted = 0;
  /// Responses checked against their function's `expect:` (0 when it has none), and those of
  /// them that failed it (wrong status, missing header, body or JSON value not as expected).
  std::uint64_t checked = 0;
  std::uint64_t check_failures = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t bytes_in = 0;
  LatencyHistogram latency;              ///< corrected: from the due time, in ns
  LatencyHistogram latency_uncorrected;  ///< from the moment the request was written, in ns

  std::uint64_t errors_total() const noexcept;
  std::uint64_t error_count(ErrorKind kind) const noexcept {
    return errors[static_cast<std::size_t>(kind)];
  }
  void merge_into(ClassStats& into) const;
  friend bool operator==(const ClassStats&, const ClassStats&) = default;
};

/// One request class: "baseline:<fn>[#k]", "finding:<id>" or "file:<stem>".
struct ClassResult {
  std::string name;
  std::string kind = "baseline";  ///< baseline | crash | timeout | oom | slow | leak
  std::string handler;            ///< empty when unknown
  std::string finding_id;         ///< set for findings
  double weight = 1.0;            ///< share of the traffic mix
  ClassStats stats;
  friend bool operator==(const ClassResult&, const ClassResult&) = default;
};

/// load.json as a whole.
struct LoadResult {
  std::string target;
  std::string mode = "open";  ///< open | closed
  bool partial = false;
  std::string partial_reason;  ///< "interrupted", "duration cap", ...; empty when complete
  std::string started_at;      ///< ISO 8601 UTC
  double duration_s = 0;       ///< start to end of drain
  double send_duration_s = 0;  ///< the sending window: planned length, or until stopped
  double target_rate = 0;      ///< planned mean rate of this process (open mode), req/s
  unsigned shard_index = 0;
  unsigned shard_count = 1;
  unsigned shards_merged = 1;  ///< how many shard results this one combines
  unsigned connections = 0;
  unsigned threads = 0;
  std::vector<ClassResult> classes;
  /// What the run could not do as planned, one line each ("the mix gives findings weight but
  /// RUN/findings.json does not exist: replayed baselines only"). Optional when read.
  std::vector<std::string> warnings;
  /// Above this share of failed checks among the baseline classes' checked responses, the
  /// baselines are unusable (load.max_baseline_check_failures).
  double max_baseline_check_failures = 0.5;

  /// Every class merged into one.
  ClassStats totals() const;
  /// Failed checks / checked responses over the baseline classes; nullopt when none was checked.
  std::optional<double> baseline_check_failure_rate() const;
  /// True when the baselines failed their checks above max_baseline_check_failures: every
  /// figure of the run then measured an error path (a login page, a 401), not the function.
  bool baselines_unusable() const;
  friend bool operator==(const LoadResult&, const LoadResult&) = default;
};

/// Achieved rate of requests sent per second over the sending window.
double achieved_rate(const ClassStats& stats, double send_duration_s) noexcept;

/// The summary written beside each histogram ("latency_ms", "latency_uncorrected_ms"), in
/// milliseconds and in file order: min, mean, p50, p75, p90, p99, p99_9, p99_99, max.
std::vector<std::pair<std::string, double>> latency_summary_ms(const LatencyHistogram& histogram);

/// Parses load.json text. Throws InputError naming `file` and the field: bad JSON, a schema
/// check_schema refuses, a missing or mistyped field, or counts that do not add up.
LoadResult parse_load(std::string_view text, const std::string& file);
/// parse_load of the file at `path` (InputError when it cannot be read).
LoadResult read_load_file(const std::filesystem::path& path);

/// The load.json text (schema "walletfuzz.load/1"), with the derived summaries (totals,
/// latency_ms percentiles, achieved_rate) beside the exact histograms.
std::string load_to_json(const LoadResult& result);
/// Writes load_to_json atomically (RuntimeFailure when it cannot).
void write_load_file(const std::filesystem::path& path, const LoadResult& result);

}  // namespace walletfuzz::formats
