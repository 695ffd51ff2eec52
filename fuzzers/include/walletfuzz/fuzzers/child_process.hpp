#pragma once
// Starting fuzz target binaries as child processes, with their output in files and a hard time
// limit. The orchestrator runs libFuzzer and every triage step this way, so an input that hangs
// or kills its process never takes `walletfuzz fuzz` down with it.
//
//   walletfuzz::fuzzers::ProcessSpec spec{.argv = {"build/fuzz/fuzz/t", "-runs=0"},
//                                         .env = {{"WALLETFUZZ_MODE", "list"}},
//                                         .stdout_path = "list.json"};
//   auto result = walletfuzz::fuzzers::run_process(spec, std::chrono::seconds(10));
//   if (!result.exited_normally()) ...   // result.describe(): "killed by signal 6 (SIGABRT)"

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace walletfuzz::fuzzers {

struct ProcessSpec {
  std::vector<std::string> argv;           ///< argv[0] is the program path
  std::map<std::string, std::string> env;  ///< added to (or replacing in) the parent's environment
  std::filesystem::path stdout_path;       ///< empty: /dev/null
  std::filesystem::path stderr_path;       ///< empty: /dev/null
};

/// How a child ended.
struct ProcessResult {
  int exit_code = -1;      ///< when it exited
  int signal = 0;          ///< when a signal ended it
  bool timed_out = false;  ///< we killed it at the deadline
  std::chrono::nanoseconds elapsed{0};

  bool exited_normally() const noexcept { return signal == 0 && !timed_out; }
  /// "exit code 1", "killed by signal 6 (SIGABRT)", "killed after 10.0 s (time limit)".
  std::string describe() const;
};

/// A running child. Destroying it kills the child (SIGKILL to its process group) and reaps it.
class ChildProcess {
 public:
  /// Starts the program in its own process group. Throws RuntimeFailure naming the program if it
  /// cannot be started (missing, not executable).
  explicit ChildProcess(const ProcessSpec& spec);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;

  /// The result once the child has ended, without blocking; nullopt while it runs.
  std::optional<ProcessResult> poll();
  /// Waits for the end, killing the child at `deadline`.
  ProcessResult wait_until(std::chrono::steady_clock::time_point deadline);
  /// Asks the child to stop (SIGTERM to its group; libFuzzer then prints its final stats).
  void terminate() noexcept;
  /// Stops the child at once (SIGKILL to its group), for one that ignored terminate().
  void kill() noexcept;
  pid_t pid() const noexcept { return pid_; }

 private:
  pid_t pid_ = -1;
  std::chrono::steady_clock::time_point started_;
  std::optional<ProcessResult> result_;
  bool killed_for_time_ = false;
};

/// Runs a child to completion with a time limit.
ProcessResult run_process(const ProcessSpec& spec, std::chrono::milliseconds time_limit);

}  // namespace walletfuzz::fuzzers
