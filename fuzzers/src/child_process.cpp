#include "walletfuzz/fuzzers/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include "walletfuzz/core/error.hpp"

extern char** environ;

namespace walletfuzz::fuzzers {
namespace {

// The parent's environment with `overrides` applied, as "NAME=value" strings.
std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto name = text.substr(0, text.find('='));
    if (overrides.count(std::string(name)) == 0) merged.emplace_back(text);
  }
  for (const auto& [name, value] : overrides) merged.push_back(name + "=" + value);
  return merged;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& s : strings) result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

ProcessResult decode(int status, std::chrono::nanoseconds elapsed, bool killed_for_time) {
  ProcessResult result;
  result.elapsed = elapsed;
  result.timed_out = killed_for_time;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace

std::string ProcessResult::describe() const {
  char text[128];
  if (timed_out) {
    std::snprintf(text, sizeof text, "killed after %.1f s (time limit)",
                  std::chrono::duration<double>(elapsed).count());
  } else if (signal != 0) {
    std::snprintf(text, sizeof text, "killed by signal %d (SIG%s)", signal, sigabbrev_np(signal));
  } else {
    std::snprintf(text, sizeof text, "exit code %d", exit_code);
  }
  return text;
}

ChildProcess::ChildProcess(const ProcessSpec& spec) : started_(std::chrono::steady_clock::now()) {
  if (spec.argv.empty()) throw RuntimeFailure("cannot start a process without a program");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string out = spec.stdout_path.empty() ? "/dev/null" : spec.stdout_path.string();
  std::string err = spec.stderr_path.empty() ? "/dev/null" : spec.stderr_path.string();
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so killing it also kills what it forks (libFuzzer's minimiser does).
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = merged_environment(spec.env);
  auto argv = pointers(args);
  auto envp = pointers(env);
  int rc = posix_spawn(&pid_, args[0].c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    pid_ = -1;
    throw RuntimeFailure("cannot start " + spec.argv[0] + ": " + std::strerror(rc));
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !result_) {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_),
      started_(other.started_),
      result_(std::move(other.result_)),
      killed_for_time_(other.killed_for_time_) {
  other.pid_ = -1;
}

std::optional<ProcessResult> ChildProcess::poll() {
  if (result_ || pid_ <= 0) return result_;
  int status = 0;
  pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    result_ = decode(status, std::chrono::steady_clock::now() - started_, killed_for_time_);
    // Anything it forked and left behind goes with it.
    ::kill(-pid_, SIGKILL);
  }
  return result_;
}

ProcessResult ChildProcess::wait_until(std::chrono::steady_clock::time_point deadline) {
  // Polling at 5 ms: a child's end is noticed promptly without a SIGCHLD handler, which would
  // be process-wide state a library must not take over.
  while (!poll()) {
    if (std::chrono::steady_clock::now() >= deadline && !killed_for_time_) {
      killed_for_time_ = true;
      ::kill(-pid_, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return *result_;
}

void ChildProcess::terminate() noexcept {
  if (pid_ > 0 && !result_) ::kill(-pid_, SIGTERM);
}

void ChildProcess::kill() noexcept {
  if (pid_ > 0 && !result_) ::kill(-pid_, SIGKILL);
}

ProcessResult run_process(const ProcessSpec& spec, std::chrono::milliseconds time_limit) {
  ChildProcess child(spec);
  return child.wait_until(std::chrono::steady_clock::now() + time_limit);
}

}  // namespace walletfuzz::fuzzers
