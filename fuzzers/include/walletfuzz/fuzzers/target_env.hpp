#pragma once
// The fuzz target's environment protocol, declared once. A fuzz target binary (fuzz_target.hpp)
// takes its settings from WALLETFUZZ_* environment variables, so that libFuzzer's own flags stay
// untouched and OSS-Fuzz/ClusterFuzzLite can run it with no environment at all. The orchestrator
// (fuzz_campaign.hpp, triage) writes them and the target reads them, both through this struct:
// one list of names, one set of defaults, one validation.
//
//   FuzzTargetEnv env{.handler = "search", .mode = TargetMode::measure, .runs = 3};
//   ProcessSpec spec{.argv = {binary, input}, .env = env.encode()};  // parent side
//   FuzzTargetEnv mine = FuzzTargetEnv::from_environment();          // target side
//
// Variables (all optional; unset or empty means the default):
//   WALLETFUZZ_HANDLER        handler to fuzz (unset: route each input by method and path)
//   WALLETFUZZ_MODE           fuzz (default) | list | export | measure | minimize | check | serve
//   WALLETFUZZ_FINDINGS_DIR   where fuzz mode writes slow/leak/oom/timeout candidates
//   WALLETFUZZ_FAIL_ON        fuzz mode: a fail_on file (default: <binary>.walletfuzz.yaml if it
//                             exists) | off: never fail on a finding (what `walletfuzz fuzz` sets)
//   WALLETFUZZ_COST_FEEDBACK  1 (default) | 0: the same harness without cost features or climbing
//   WALLETFUZZ_MUTATOR        request (default) | bytes: libFuzzer's byte mutations only
//   WALLETFUZZ_SLOW_RATIO     slow threshold as a multiple of the baseline median (default 10)
//   WALLETFUZZ_SLOW_MS        absolute slow threshold in ms (overrides the ratio)
//   WALLETFUZZ_BASELINE_RUNS  runs of each baseline request, median taken (default 5)
//   WALLETFUZZ_BARE           0 (default) | 1: parse and invoke only (the overhead benchmark)
//   WALLETFUZZ_RUNS           measure mode: runs per input, median taken (default 5)
//   WALLETFUZZ_REPORT         measure mode: JSON report path (default: stdout)
//   WALLETFUZZ_KEEP_RATIO     minimize mode: share of the cost to keep (default 0.9)
//   WALLETFUZZ_MINIMIZE_MS    minimize mode: time limit in ms (default 10000)
//   WALLETFUZZ_EXPECT         check mode: findings (default) | none
//   WALLETFUZZ_FUNCTION_SETTINGS  memory/timeout/concurrency overrides (settings_override.hpp)
//   WALLETFUZZ_SAMPLE_VARIANT the application's variant; the bundled sample app's target reads
//                             it (vulnerable | fixed), other applications ignore it
//   WALLETFUZZ_HTTP_TARGET    the black-box HTTP target's description (http_target_spec.hpp):
//                             its URL, rate cap and functions; other applications ignore it
//   WALLETFUZZ_SERVE_HOST, _PORT, _REPORT_LOG, _REPORT_LOG_DIR, _CONCURRENCY, _COLD_START_MS,
//   _ALLOW_NON_LOOPBACK       serve mode: `walletfuzz serve`'s options of the same names

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/settings_override.hpp"

namespace walletfuzz::fuzzers {

/// What a target process does (WALLETFUZZ_MODE).
enum class TargetMode { fuzz, list, export_seeds, measure, minimize, check, serve };

/// "fuzz", "list", "export", "measure", "minimize", "check" or "serve".
std::string_view to_string(TargetMode mode) noexcept;

/// Serve mode's settings (the application on loopback through the Lambda runtime).
struct ServeSettings {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0..65535; 0 picks a free port
  std::filesystem::path report_log;
  std::filesystem::path report_log_dir;
  int concurrency = 32;  ///< 1..100000
  int cold_start_ms = 0;
  bool allow_non_loopback = false;
  bool operator==(const ServeSettings&) const = default;
};

/// Every WALLETFUZZ_* setting of a fuzz target process, with its default.
struct FuzzTargetEnv {
  std::string handler;  ///< empty: route each input by its request line
  TargetMode mode = TargetMode::fuzz;
  std::filesystem::path findings_dir;  ///< empty: fuzz mode writes no candidates
  /// WALLETFUZZ_FAIL_ON: empty = the file beside the binary if any; "off"; or a file's path.
  std::string fail_on;
  bool cost_feedback = true;
  bool byte_mutations_only = false;  ///< WALLETFUZZ_MUTATOR=bytes
  double slow_ratio = 10;            ///< > 0
  std::optional<double> slow_ms;     ///< > 0; overrides slow_ratio
  int baseline_runs = 5;             ///< 1..101
  bool bare = false;
  int runs = 5;                                     ///< 1..101
  std::filesystem::path report;                     ///< empty: stdout
  double keep_ratio = 0.9;                          ///< in (0, 1]
  std::chrono::milliseconds minimize_time{10'000};  ///< > 0
  bool expect_findings = true;                      ///< WALLETFUZZ_EXPECT=findings
  std::vector<SettingsOverride> function_settings;
  std::string sample_variant;         ///< empty: the application's default
  std::filesystem::path http_target;  ///< http_target_fuzz only: its description file
  ServeSettings serve;

  /// The variables, every one of them: unset fields as empty strings, so that a child process
  /// never inherits a stale value from its parent's environment.
  std::map<std::string, std::string> encode() const;

  /// Reads the variables from `vars` (missing or empty ones take the default). Throws
  /// InputError naming the variable and its bad value, in one line, for a value that is not
  /// one of the allowed words or not a number in range.
  static FuzzTargetEnv decode(const std::map<std::string, std::string>& vars);

  /// decode() of this process's environment.
  static FuzzTargetEnv from_environment();

  bool operator==(const FuzzTargetEnv&) const = default;
};

}  // namespace walletfuzz::fuzzers
