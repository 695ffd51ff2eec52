#pragma once
// Keeps the served app alive across crashes, the way Lambda replaces an execution environment
// whose runtime died: the server runs in a child process; when a handler crashes it (SIGSEGV
// from the planted null dereference, an abort, or a sanitizer report), the supervisor logs
// the crash and starts a new child on the same listening socket. Clients of the crashed child
// see their connection drop; the next connection is served by the new one.
//
//   int fd = walletfuzz::open_listening_socket("127.0.0.1", 8080, false);  // bound once, shared
//   return walletfuzz::run_supervised([&] { return serve_on(fd); }, {}, std::cerr);
//
// SIGINT/SIGTERM sent to the supervisor are forwarded to the child, whose clean exit ends the
// supervisor with status 0.

#include <chrono>
#include <functional>
#include <iosfwd>

namespace walletfuzz {

struct SupervisorOptions {
  /// Give up (exit status 3) after this many crashes within `crash_window`: a crash loop.
  unsigned max_crashes = 20;
  std::chrono::seconds crash_window{60};
};

/// Runs `serve` in a forked child and restarts it whenever it dies of a signal or exits with a
/// status other than 0, 2 or 3 (sanitizers exit with 1 after a report). Returns the child's
/// final exit status: 0 after a requested stop, 2 or 3 when the child fails at start-up (bad
/// configuration is not retried), 3 on a crash loop or when fork fails. Must be called while
/// the process has a single thread (fork copies only the calling thread). Crashes and restarts
/// are written to `log`, one line each.
int run_supervised(const std::function<int()>& serve, const SupervisorOptions& options,
                   std::ostream& log);

}  // namespace walletfuzz
