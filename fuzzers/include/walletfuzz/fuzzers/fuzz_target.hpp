#pragma once
// The body of a libFuzzer target over a handler registry. A target source only says which
// registry to fuzz and how to scan responses for leaks; everything else (choosing the handler,
// measuring, cost feedback, writing finding candidates, the triage modes) lives here, so every
// application's target behaves the same and `walletfuzz fuzz` can drive any of them.
//
//   extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
//     return walletfuzz::fuzzers::initialize_fuzz_target(
//         {.make_registry = [] { return my_app_registry(); }, .engine = WALLETFUZZ_FUZZ_ENGINE},
//         argc, argv);
//   }
//   extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
//     return walletfuzz::fuzzers::run_fuzz_input(data, size);
//   }
//
// One binary serves every handler of the application: WALLETFUZZ_HANDLER pins the handler a
// process fuzzes (what `walletfuzz fuzz` does, one process per handler); without it the input's
// request line routes to a handler, so OSS-Fuzz/ClusterFuzzLite can run the binary unchanged.
//
// Its settings come from WALLETFUZZ_* environment variables, listed and decoded in
// target_env.hpp (FuzzTargetEnv); a bad value is exit 2 with a line naming the variable.
// Modes other than fuzz read their inputs from the non-flag arguments and exit the process
// from LLVMFuzzerInitialize (see docs/FUZZING.md, "The target binary").

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/fuzzers/invocation_harness.hpp"
#include "walletfuzz/fuzzers/request_mutator.hpp"
#include "walletfuzz/fuzzers/target_env.hpp"

namespace walletfuzz::fuzzers {

/// Which denial-of-wallet findings end fuzz mode the way a crash does (the `fail_on` section of
/// `<binary>.walletfuzz.yaml`, docs/FUZZING.md "Failing on denial-of-wallet findings"). Engines
/// that only report crashes (ClusterFuzzLite, OSS-Fuzz) then file them like crashes.
struct FailOnPolicy {
  /// Slow inputs whose confirmed amplification (the faster of two runs, over the baseline) is at
  /// least this many times the baseline; nullopt: slow inputs never fail.
  std::optional<double> amplification;
  bool leak = false;
  bool oom = false;
  bool timeout = false;

  /// Something fails: false for an empty or absent `fail_on`.
  bool any() const { return amplification.has_value() || leak || oom || timeout; }
  bool operator==(const FailOnPolicy&) const = default;
};

/// What a target source supplies (walletfuzz_add_app generates it; walletfuzz/app/app_main.hpp).
struct FuzzTargetConfig {
  std::function<HandlerRegistry()> make_registry;
  /// The application's name (its CMake target), for list mode and the serve line.
  std::string app_name = "app";
  /// Builds the leak scanner (called once); empty means no leak findings.
  std::function<LeakScanner()> make_leak_scanner;
  /// "libfuzzer" or "replay" (the WALLETFUZZ_FUZZ_ENGINE definition of walletfuzz_add_fuzz_target),
  /// reported by list mode so `walletfuzz fuzz` refuses a binary that cannot fuzz.
  std::string engine = "unknown";
  /// The command that builds this application with libFuzzer (list mode reports it, so that
  /// `walletfuzz fuzz` on a replay build can say exactly how to get one).
  std::string fuzz_build_command;
  /// Called once before invocations start (e.g. walletfuzz::enable_allocation_tracking).
  std::function<void()> prepare;
  /// Serve mode (WALLETFUZZ_MODE=serve): serves the registry until stopped, returns the exit
  /// code. Empty: the target has no serve mode (exit 2 says so).
  std::function<int(HandlerRegistry&, const ServeSettings&)> serve;
  /// The handlers forward each request to a remote endpoint (HarnessOptions::cost_is_latency).
  bool cost_is_latency = false;
  /// Reads a fail_on configuration file (fuzz mode, when WALLETFUZZ_FAIL_ON names one or
  /// `<binary>.walletfuzz.yaml` exists); throws InputError naming the file and line. Empty: the
  /// target cannot fail on findings, and a configuration file for it is an error.
  std::function<FailOnPolicy(const std::filesystem::path&)> read_fail_on;
};

/// The walletfuzz version this library was built as ("0.1.0"). List mode reports it, and
/// `walletfuzz` refuses an application built against another version (the environment
/// protocol and the list format are only promised within one version).
std::string_view walletfuzz_version() noexcept;

/// Sets the process up from the environment; in a non-fuzz mode runs it and exits the process
/// (exit 0 on success, 1 when check mode finds a mismatch, 2 on bad input, 3 on failure).
/// Returns 0 in fuzz mode.
int initialize_fuzz_target(const FuzzTargetConfig& config, int* argc, char*** argv);

/// This process's WALLETFUZZ_* settings, decoded by initialize_fuzz_target before it calls
/// make_registry (so a registry factory may read the application's own, e.g. sample_variant).
const FuzzTargetEnv& fuzz_target_env() noexcept;

/// One fuzz input. An exception escaping the handler (or anything that is a crash) is reported
/// on stderr and the process aborts, so libFuzzer saves the input as a crash artifact. So is a
/// finding the FailOnPolicy names, once a second run confirms it (`==WALLETFUZZ== slow-input
/// amplification=2,417x handler=...`). Other findings are written to WALLETFUZZ_FINDINGS_DIR and
/// fuzzing goes on.
int run_fuzz_input(const std::uint8_t* data, std::size_t size);

/// The custom-mutator hook's body (LLVMFuzzerCustomMutator): with cost feedback on, half of the
/// mutations (within half of the execution time, ClimbBudget) start from one of the most
/// expensive inputs this process has run (cost_ladder.hpp) rather than from `data`; then
/// request-aware mutation (request_mutator.hpp), or `generic` alone with WALLETFUZZ_MUTATOR=bytes.
/// Returns the new size; data holds max_size bytes.
std::size_t mutate_fuzz_input(std::uint8_t* data, std::size_t size, std::size_t max_size,
                              unsigned seed, const ByteMutator& generic);

}  // namespace walletfuzz::fuzzers
