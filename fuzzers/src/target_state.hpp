#pragma once
// Internal: the per-process state of a fuzz target, shared by fuzz mode (fuzz_target.cpp) and
// the triage modes (target_modes.cpp).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/fuzzers/fuzz_target.hpp"
#include "walletfuzz/fuzzers/target_env.hpp"

namespace walletfuzz::fuzzers::detail {

struct TargetState {
  FuzzTargetEnv env;  ///< the WALLETFUZZ_* variables, decoded once at start
  FuzzTargetConfig config;
  HandlerRegistry registry;
  LeakScanner scanner;
  HarnessOptions options;
  /// One harness per handler, built lazily (its baseline is measured on first use).
  std::map<std::string, std::unique_ptr<InvocationHarness>, std::less<>> harnesses;
  const HandlerSpec* pinned = nullptr;  ///< WALLETFUZZ_HANDLER, or nullptr = route by request
};

TargetState& state();

/// The harness for `spec`, with its baseline measured. Throws InputError if a baseline fails.
InvocationHarness& harness_for(const HandlerSpec& spec);

/// The pinned handler's harness, or the one the request routes to (nullptr if none does).
InvocationHarness* harness_for_input(std::string_view bytes);
/// The same for an input already parsed.
InvocationHarness* harness_for_request(const ParseOutcome& parsed);

/// Non-fuzz modes; each returns the process exit code.
int run_list_mode();
int run_export_mode(const std::vector<std::string>& inputs);
int run_measure_mode(const std::vector<std::string>& inputs);
int run_minimize_mode(const std::vector<std::string>& inputs);
int run_check_mode(const std::vector<std::string>& inputs);

/// 16 hex digits of FNV-1a 64 of `bytes`: stable file names for inputs.
std::string content_hash(std::string_view bytes);

}  // namespace walletfuzz::fuzzers::detail
