#include "walletfuzz/sample_app/sandbox_supervisor.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <ostream>

namespace walletfuzz {
namespace {

using Clock = std::chrono::steady_clock;

// Restores the signal mask on every way out of run_supervised.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set_, &previous_);
  }
  ~BlockedSignals() { sigprocmask(SIG_SETMASK, &previous_, nullptr); }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;

  const sigset_t& set() const { return set_; }
  const sigset_t& previous() const { return previous_; }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

pid_t start_child(const std::function<int()>& serve, const BlockedSignals& blocked) {
  std::fflush(nullptr);  // no buffered output duplicated into the child
  pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: the signals the supervisor waits for synchronously must reach the server's own
  // handlers here.
  sigprocmask(SIG_SETMASK, &blocked.previous(), nullptr);
  int status = 3;
  try {
    status = serve();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "walletfuzz serve: %s\n", error.what());
  }
  std::fflush(nullptr);
  // _exit, not exit: the parent's atexit handlers and static destructors are not ours to run.
  _exit(status);
}

std::string describe(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    int signal_number = WTERMSIG(wait_status);
    return "killed by signal " + std::to_string(signal_number) + " (" + strsignal(signal_number) +
           ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
}

bool is_crash(int wait_status) {
  if (WIFSIGNALED(wait_status)) return true;
  int code = WEXITSTATUS(wait_status);
  return code != 0 && code != 2 && code != 3;
}

}  // namespace

int run_supervised(const std::function<int()>& serve, const SupervisorOptions& options,
                   std::ostream& log) {
  BlockedSignals blocked;
  std::deque<Clock::time_point> recent_crashes;
  bool stopping = false;
  pid_t child = start_child(serve, blocked);
  if (child < 0) {
    log << "walletfuzz serve: cannot start the server process: " << std::strerror(errno) << '\n';
    return 3;
  }
  for (;;) {
    siginfo_t info{};
    int signal_number = sigwaitinfo(&blocked.set(), &info);
    if (signal_number < 0) continue;  // EINTR from an unrelated signal
    if (signal_number == SIGINT || signal_number == SIGTERM) {
      stopping = true;
      kill(child, SIGTERM);
      continue;
    }
    int wait_status = 0;
    pid_t reaped = waitpid(child, &wait_status, WNOHANG);
    if (reaped != child) continue;  // SIGCHLD of something else (or a spurious one)
    if (stopping || !is_crash(wait_status)) {
      if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
      return stopping ? 0 : 3;
    }
    auto now = Clock::now();
    recent_crashes.push_back(now);
    while (!recent_crashes.empty() && now - recent_crashes.front() > options.crash_window) {
      recent_crashes.pop_front();
    }
    log << "walletfuzz serve: the app process " << describe(wait_status)
        << "; in-flight requests were dropped";
    if (recent_crashes.size() > options.max_crashes) {
      log << "; giving up after " << recent_crashes.size() << " crashes in "
          << options.crash_window.count() << " s" << std::endl;
      return 3;
    }
    log << "; starting a new one (as Lambda replaces a crashed environment)" << std::endl;
    child = start_child(serve, blocked);
    if (child < 0) {
      log << "walletfuzz serve: cannot restart the server process: " << std::strerror(errno)
          << '\n';
      return 3;
    }
  }
}

}  // namespace walletfuzz
