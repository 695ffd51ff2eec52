#pragma once
// What a load run measured, per request class, and how it travels: load.json (encode/decode),
// exact merging of shard results, and the wrk2-style text table.
//
//   LoadResult result = runner.run();
//   walletfuzz::write_file_atomically("load.json", to_json_text(result));
//   LoadResult back = load_result_from_json(text, "load.json");
//   LoadResult all = merge_results({shard0, shard1});   // histograms merged, never averaged
//   std::cout << format_percentile_table(all);

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/histogram.hpp"

namespace walletfuzz::loadgen {

/// Why a request sent on the wire got no response. Counted, never thrown, on the hot path.
enum class ErrorKind : std::size_t {
  connect,         ///< TCP connect failed or timed out
  tls,             ///< TLS handshake or certificate verification failed
  write,           ///< writing the request failed
  read,            ///< reading failed for another reason
  timeout,         ///< no complete response within the request timeout (slow or trickling server)
  reset,           ///< connection reset by the peer
  closed,          ///< the peer closed the connection before a complete response
  protocol,        ///< the bytes received are not an HTTP/1.x response (garbage)
  body_too_large,  ///< response body over the configured cap; the connection is dropped
  aborted,         ///< still in flight when the run stopped and the drain time ran out
};
inline constexpr std::size_t error_kind_count = 10;
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
  std::uint64_t retry_after_max_s = 0;  ///< largest Retry-After in seconds (delta-seconds form)
  std::uint64_t leaks = 0;              ///< responses the leak detector flagged
  std::uint64_t bytes_out = 0;
  std::uint64_t bytes_in = 0;
  LatencyHistogram latency;              ///< corrected: from the due time, in ns
  LatencyHistogram latency_uncorrected;  ///< from the moment the request was written, in ns

  std::uint64_t errors_total() const noexcept;
  void merge_into(ClassStats& into) const;
  friend bool operator==(const ClassStats&, const ClassStats&) = default;
};

struct ClassResult {
  std::string name;
  std::string kind = "baseline";
  std::string handler;
  std::string finding_id;
  double weight = 1.0;
  ClassStats stats;
};

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
  /// RUN/findings.json does not exist: replayed baselines only").
  std::vector<std::string> warnings;

  /// Every class merged into one.
  ClassStats totals() const;
};

/// Achieved rate of requests sent per second over the sending window.
double achieved_rate(const ClassStats& stats, double send_duration_s) noexcept;

/// load.json text ("walletfuzz.load/1", see docs/FORMATS.md), pretty enough to read.
std::string to_json_text(const LoadResult& result);
/// Parses load.json. Throws InputError naming `file` and the field on any problem.
LoadResult load_result_from_json(std::string_view text, const std::string& file);

/// Combines shard results into what one process would have reported: counts added, histograms
/// merged exactly, classes matched by name. Throws InputError when they do not belong together
/// (different target or mode, or the same shard twice). `files` names them in errors.
LoadResult merge_results(const std::vector<LoadResult>& results,
                         const std::vector<std::string>& files);

/// wrk2-style text: per class the corrected and uncorrected percentile spectrum side by side,
/// then counts, statuses and errors.
std::string format_percentile_table(const LoadResult& result);

}  // namespace walletfuzz::loadgen
