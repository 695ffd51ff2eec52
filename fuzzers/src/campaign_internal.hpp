#pragma once
// Internal: the layout of a run's working directory, shared by the fuzzing phase
// (fuzz_campaign.cpp) and the triage (campaign_triage.cpp).
//
//   RUN_DIR/.fuzz/seeds/<handler>/       baseline requests, libFuzzer's read-only seed corpus
//   RUN_DIR/.fuzz/<handler>.dict         the handler's dictionary
//   RUN_DIR/.fuzz/artifacts/<handler>/   libFuzzer's crash-/timeout-/oom-/slow-unit- files
//   RUN_DIR/.fuzz/candidates/<handler>/  the harness's slow-/leak-/oom-/timeout- files
//   RUN_DIR/.fuzz/logs/<handler>-<n>.log libFuzzer output of each process
//   RUN_DIR/.fuzz/triage/                triage scratch (measure reports, minimised inputs)

#include <filesystem>
#include <string>
#include <vector>

#include "walletfuzz/fuzzers/fuzz_campaign.hpp"

namespace walletfuzz::fuzzers::detail {

struct WorkLayout {
  std::filesystem::path root;  ///< RUN_DIR/.fuzz
  std::filesystem::path seeds(const std::string& h) const { return root / "seeds" / h; }
  std::filesystem::path dictionary(const std::string& h) const { return root / (h + ".dict"); }
  std::filesystem::path artifacts(const std::string& h) const { return root / "artifacts" / h; }
  std::filesystem::path candidates(const std::string& h) const { return root / "candidates" / h; }
  std::filesystem::path logs() const { return root / "logs"; }
  std::filesystem::path triage() const { return root / "triage"; }
};

/// Triage of everything the fuzzing phase left in `layout`: confirmed, measured, de-duplicated,
/// minimised findings (not yet merged with earlier runs).
std::vector<Finding> triage_campaign(const TargetInfo& target, const CampaignOptions& options,
                                     const WorkLayout& layout, std::vector<std::string>& warnings);

/// The target settings of every process of `handler` (fuzz mode; triage changes the mode).
FuzzTargetEnv handler_env(const TargetInfo& target, const CampaignOptions& options,
                          const std::string& handler);

/// Whether a sanitizer report's stack frames are resolved to function names. Resolving takes
/// seconds per report in a large binary; only crash signatures need the names.
enum class StackFrames { symbolized, raw };

/// The environment a process of the target runs with: `env` encoded, plus sanitizer options.
std::map<std::string, std::string> process_env(const FuzzTargetEnv& env,
                                               StackFrames frames = StackFrames::symbolized);

/// libFuzzer's -timeout for a handler: twice its function timeout in whole seconds, plus 2 s.
/// Twice, because the harness runs a slow input a second time to confirm it: with one timeout
/// of slack, two confirmed runs of 2 s against a 3 s timeout became a "timeout" artifact. Now
/// libFuzzer only fires when one of the runs went past the function's timeout.
int libfuzzer_timeout_s(const HandlerInfo& handler);

}  // namespace walletfuzz::fuzzers::detail
