#pragma once
// `walletfuzz fuzz` as a library: find the libFuzzer-built target binary, run one libFuzzer
// process per handler within the time budget on N cores with a persistent corpus per handler,
// show progress, then triage everything found into findings/ and findings.json.
//
//   auto binary = walletfuzz::fuzzers::find_fuzz_target({}, "sample_app_fuzz");
//   auto target = walletfuzz::fuzzers::query_target(binary, {});
//   walletfuzz::fuzzers::CampaignOptions options{.run_dir = "runs/demo", .corpus_dir = "corpus",
//                                                .handlers = {"search"}, .time_budget_s = 60};
//   auto result = walletfuzz::fuzzers::run_campaign(target, options);
//
// Where the binary comes from is described in docs/FUZZING.md ("Finding the target binary").

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/fuzzers/target_env.hpp"
#include "walletfuzz/fuzzers/triage.hpp"

namespace walletfuzz::fuzzers {

/// A handler as the target binary describes it (list mode): everything about it but its code.
struct HandlerInfo {
  std::string name;
  std::string method;
  std::string route;
  unsigned memory_mb = 128;
  std::chrono::milliseconds timeout{3000};
  unsigned reserved_concurrency = 0;
  std::string description;
  std::vector<std::string> baseline_requests;
};

/// The description of each handler of `registry`, in registry order: what list mode prints and
/// what the run plan reads, whether the application runs in this process or in its own binary.
std::vector<HandlerInfo> describe_handlers(const HandlerRegistry& registry);

/// A fuzz target binary (an application built with walletfuzz_add_app) and what it holds.
struct TargetInfo {
  std::filesystem::path binary;
  std::string app_name;            ///< its walletfuzz_add_app name
  std::string engine;              ///< "libfuzzer" or "replay"
  std::string fuzz_build_command;  ///< how to build it with libFuzzer (empty: not known)
  FuzzTargetEnv env;               ///< the settings every process of the target starts from
  std::vector<HandlerInfo> handlers;
  const HandlerInfo* find(std::string_view name) const noexcept;
};

/// The target binary `name`: `explicit_path` if given, else $WALLETFUZZ_FUZZ_TARGET, else the
/// first of `search_dirs`/name that is an executable libFuzzer build (replay builds, which
/// cannot fuzz, are passed over and named in the error). Throws RuntimeFailure (exit 3)
/// listing where it looked and the command that builds it.
std::filesystem::path find_fuzz_target(const std::optional<std::filesystem::path>& explicit_path,
                                       const std::string& name,
                                       const std::vector<std::filesystem::path>& search_dirs);

/// `path` if it is an executable file; else InputError at `where` naming the path and the fix
/// (missing: build it or correct the path; not executable: point at the built binary).
std::filesystem::path check_app_path(const std::filesystem::path& path, const Location& where);

/// The bundled sample app's binary (sample_app_fuzz, any engine: serving needs none): next to
/// the running executable's build tree (<exe>/../fuzz), or in an install prefix
/// (<prefix>/libexec/walletfuzz). Throws RuntimeFailure naming where it looked.
std::filesystem::path find_bundled_app();

/// The directories searched by default: next to the running executable's build tree
/// (<exe>/../fuzz) or install prefix (<exe>/../libexec/walletfuzz), then build/fuzz/fuzz and
/// build/fuzzeng/fuzz under the current directory and under the source tree walletfuzz was built
/// from.
std::vector<std::filesystem::path> default_fuzz_target_dirs();

/// Asks the binary for its handlers (list mode, with `env`'s other settings, which the
/// returned TargetInfo keeps for every later process). Throws RuntimeFailure (one line naming
/// the binary and the fix) when it fails to start (with the target's own error output), answers
/// something that is not a walletfuzz application's list, or was built against another
/// walletfuzz version.
TargetInfo query_target(const std::filesystem::path& binary, const FuzzTargetEnv& env);

struct CampaignOptions {
  std::filesystem::path run_dir;      ///< findings/, findings.json and .fuzz/ (logs, artifacts)
  std::filesystem::path corpus_dir;   ///< <corpus_dir>/<handler>/, kept between runs
  std::vector<std::string> handlers;  ///< to fuzz; must exist in the target
  double time_budget_s = 60;          ///< wall time of the fuzzing phase, all handlers together
  unsigned jobs = 1;                  ///< libFuzzer processes at once
  /// Executions after which a handler's search ends (libFuzzer -runs, counted across the
  /// restarts after crashes); 0 = only time ends it. See fuzz_handlers() for the time shares.
  std::uint64_t execs_per_handler = 0;
  /// A handler's search also ends when this many of its libFuzzer processes in a row end on the
  /// same defect (one crash signature, or a timeout, or an out-of-memory): the defect is found,
  /// every further process would stop at it again, and the time goes to the handlers after it.
  /// 0 = restart after every crash until time or executions end the search.
  unsigned same_defect_limit = 5;
  std::uint64_t seed = 1;
  unsigned rss_limit_mb = 2048;
  double slow_ratio = 10;
  std::optional<double> slow_ms;
  /// How triage judges a slow input (and what findings.json's reader gates on): per request byte
  /// unless the scenario chooses raw (gates.amplification).
  AmplificationBasis amplification_basis = AmplificationBasis::size_aware;
  /// The largest request the platform accepts, where scale probing puts the worst case: 6 MB,
  /// Lambda's synchronous invocation payload (the pricing catalog's aws-lambda sheet has it with
  /// its source; API Gateway REST accepts 10 MB but its Lambda integration is held to Lambda's).
  std::size_t max_request_bytes = 6 * 1024 * 1024;
  std::size_t max_len = 65536;  ///< libFuzzer -max_len: the largest request generated
  bool cost_feedback = true;
  int confirm_runs = 5;   ///< re-runs per finding (median cost, reproducibility)
  double minimize_s = 8;  ///< time for minimising one finding
  /// Called about once a second with a one-line status; empty = no progress output.
  std::function<void(const std::string&)> progress;
};

/// Per-handler fuzzing statistics, as libFuzzer last reported them.
struct HandlerStats {
  std::string handler;
  std::uint64_t execs = 0;
  std::uint64_t corpus_entries = 0;
  double fuzz_seconds = 0;
  int restarts = 0;     ///< libFuzzer processes started after the first (after a crash)
  std::string failure;  ///< why fuzzing this handler stopped early, if it did
  /// The defect that ended `same_defect_limit` processes in a row and so ended the search
  /// early ("crash:<signature>", "timeout", "oom"); empty when time or executions ended it.
  std::string stopped_on;
};

struct CampaignResult {
  std::vector<Finding> findings;  ///< everything in findings.json after this run
  std::size_t new_findings = 0;   ///< signatures not in the previous findings.json
  std::vector<HandlerStats> stats;
  std::vector<std::string> warnings;  ///< dropped candidates, failed minimisations, ...
};

/// Runs the fuzzing phase and the triage. Throws InputError for a bad corpus file (before any
/// fuzzing) and RuntimeFailure for an unwritable run directory or a target that cannot start;
/// corpus entries and findings written before a failure stay on disk.
CampaignResult run_campaign(const TargetInfo& target, const CampaignOptions& options);

/// Requests an early, orderly stop (SIGINT handler): fuzzing ends, triage still runs.
void request_campaign_stop() noexcept;

}  // namespace walletfuzz::fuzzers
