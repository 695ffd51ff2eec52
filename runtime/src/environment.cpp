#include "environment.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <new>
#include <thread>

#include "frame.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::runtime::detail {
namespace {

using Clock = std::chrono::steady_clock;

// The invocation running in this environment process, for the signal handlers (cancel on
// SIGTERM, report the peak heap on a crash). Lock-free atomics are async-signal-safe.
std::atomic<InvocationContext*> current_context{nullptr};
int answer_fd = -1;  // the environment's socket, set once before any handler runs

void on_cancel_signal(int) {
  if (InvocationContext* context = current_context.load()) context->request_cancel();
}

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction previous_actions[sizeof kFatalSignals / sizeof kFatalSignals[0]];

// Runs on a fatal signal: tells the front end which signal and the peak heap so far (one write,
// which is async-signal-safe), then puts the previous disposition back and returns, so the fault
// happens again under it (the default kills the process; a sanitizer's handler reports first).
void on_fatal_signal(int signal_number) {
  InvocationContext* context = current_context.load();
  std::uint64_t peak = context != nullptr ? context->peak_bytes() : 0;
  char frame[4 + 1 + 4 + 8];
  std::uint32_t length = 1 + 4 + 8;
  auto kind = static_cast<std::uint8_t>(FrameKind::crash);
  auto number = static_cast<std::uint32_t>(signal_number);
  std::memcpy(frame, &length, 4);
  std::memcpy(frame + 4, &kind, 1);
  std::memcpy(frame + 5, &number, 4);
  std::memcpy(frame + 9, &peak, 8);
  [[maybe_unused]] ssize_t ignored = send(answer_fd, frame, sizeof frame, MSG_NOSIGNAL);
  for (std::size_t i = 0; i < std::size(kFatalSignals); ++i) {
    if (kFatalSignals[i] == signal_number) sigaction(signal_number, &previous_actions[i], nullptr);
  }
  if (signal_number == SIGABRT) raise(SIGABRT);  // abort() raised it once already
}

void install_signal_handlers() {
  // Ctrl-C reaches the whole process group; only the front end decides when environments stop.
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  struct sigaction cancel {};
  cancel.sa_handler = on_cancel_signal;
  sigaction(SIGTERM, &cancel, nullptr);
  struct sigaction fatal {};
  fatal.sa_handler = on_fatal_signal;
  fatal.sa_flags = SA_NODEFER;
  for (std::size_t i = 0; i < std::size(kFatalSignals); ++i) {
    sigaction(kFatalSignals[i], &fatal, &previous_actions[i]);
  }
}

std::string encode_answer(const EnvironmentAnswer& answer) {
  FrameWriter out(FrameKind::result);
  out.u8(static_cast<std::uint8_t>(answer.outcome));
  out.f64(answer.duration_ms);
  out.u64(answer.peak_bytes);
  out.u64(answer.charged);
  out.response(answer.response);
  return out.finish();
}

// The watchdog of one environment: at the deadline of a running invocation it answers Timeout
// (with the peak heap so far) and ends the process, as Lambda ends a timed-out environment.
// The handler's own thread takes the same mutex to answer, so exactly one of them does.
class Watchdog {
 public:
  explicit Watchdog(int fd) : fd_(fd), thread_([this] { watch(); }) { thread_.detach(); }

  void begin(InvocationContext& context, Clock::time_point start, Clock::time_point deadline) {
    std::lock_guard lock(mutex_);
    context_ = &context;
    start_ = start;
    deadline_ = deadline;
    ++generation_;
    changed_.notify_all();
  }

  /// Sends the handler's answer unless the deadline passed, in which case it answers Timeout and
  /// ends the process instead (a handler returning late timed out all the same).
  void answer(const EnvironmentAnswer& answer) {
    std::lock_guard lock(mutex_);
    context_ = nullptr;
    ++generation_;
    changed_.notify_all();
    if (Clock::now() >= deadline_) time_out(answer.peak_bytes, answer.charged);
    write_frame(fd_, encode_answer(answer));
  }

 private:
  void watch() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [this] { return context_ != nullptr; });
      const std::uint64_t watched = generation_;
      const Clock::time_point deadline = deadline_;
      if (changed_.wait_until(lock, deadline, [&] { return generation_ != watched; })) {
        continue;  // answered in time
      }
      context_->request_cancel();
      time_out(context_->peak_bytes(), context_->charged());
    }
  }

  // Called holding mutex_, so nothing else answers before the process ends.
  [[noreturn]] void time_out(std::uint64_t peak, std::uint64_t charged) {
    EnvironmentAnswer answer{
        .outcome = Outcome::timeout,
        .duration_ms = std::chrono::duration<double, std::milli>(deadline_ - start_).count(),
        .peak_bytes = peak,
        .charged = charged};
    write_frame(fd_, encode_answer(answer));
    _exit(0);
  }

  int fd_;
  std::mutex mutex_;
  std::condition_variable changed_;
  InvocationContext* context_ = nullptr;
  std::uint64_t generation_ = 0;
  Clock::time_point start_{};
  Clock::time_point deadline_ = Clock::time_point::max();
  std::thread thread_;
};

// The body of an environment process: initialise, say Ready, then serve invocations one at a
// time until the front end closes the socket. Never returns.
[[noreturn]] void run_environment(const HandlerSpec& spec, int fd,
                                  std::chrono::milliseconds simulated_init) {
  answer_fd = fd;
  install_signal_handlers();
  // A crashing handler must not leave a core file per invocation (a fuzz finding can crash an
  // environment hundreds of times a minute); Lambda writes none either.
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  // INIT: what a runtime's cold start would do. The front end measures it as Init Duration.
  if (simulated_init.count() > 0) std::this_thread::sleep_for(simulated_init);
  FrameWriter ready(FrameKind::ready);
  ready.u32(static_cast<std::uint32_t>(getpid()));
  if (!write_frame(fd, ready.finish())) _exit(0);
  Watchdog watchdog(fd);
  for (;;) {
    std::optional<Frame> frame = read_frame(fd, -1);
    if (!frame || frame->kind != FrameKind::invoke) _exit(0);  // the front end is done with us
    FrameReader in(frame->payload);
    std::string request_id = in.str();
    Request request = in.request();
    auto start = Clock::now();
    InvocationContext context(request_id, spec.settings, start + spec.settings.timeout);
    EnvironmentAnswer answer{.outcome = Outcome::success};
    current_context.store(&context);
    watchdog.begin(context, start, start + spec.settings.timeout);
    {
      CurrentInvocation scope(context);
      try {
        answer.response = spec.invoke(request, context);
      } catch (const std::bad_alloc&) {
        answer.outcome = Outcome::out_of_memory;
      } catch (...) {
        answer.outcome = Outcome::handler_error;
      }
    }
    answer.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    answer.peak_bytes = context.peak_bytes();
    answer.charged = context.charged();
    current_context.store(nullptr);
    watchdog.answer(answer);
    // Lambda replaces an environment that ran out of memory.
    if (answer.outcome == Outcome::out_of_memory) _exit(0);
  }
}

// The fork server's loop: one message per environment to start, carrying the handler's index
// and the environment's end of its socket. Ends when the front end closes the control socket.
[[noreturn]] void run_fork_server(const HandlerRegistry& registry, int control_fd,
                                  std::chrono::milliseconds simulated_init) {
  // Keep only stdio and the control socket: the listening socket and anything else the front
  // end had open must not live on in environments (a port would stay bound after serve exits).
  if (control_fd != 3) {
    dup2(control_fd, 3);
    close(control_fd);
    control_fd = 3;
  }
  close_range(4, ~0U, 0);
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGCHLD, SIG_IGN);  // environments are reaped automatically; the front end sees EOF
  for (;;) {
    std::uint32_t index = 0;
    int fd = receive_fd(control_fd, index);
    if (fd < 0) _exit(0);
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
      close(control_fd);
      signal(SIGCHLD, SIG_DFL);
      if (index >= registry.handlers().size()) _exit(0);
      run_environment(registry.handlers()[index], fd, simulated_init);
    }
    close(fd);  // the environment has it (or, if fork failed, the front end reads end-of-file)
  }
}

}  // namespace

ForkServer::ForkServer(const HandlerRegistry& registry, std::chrono::milliseconds simulated_init) {
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    throw RuntimeFailure(std::string("cannot create the fork server's socket: ") +
                         std::strerror(errno));
  }
  std::fflush(nullptr);  // no buffered output duplicated into the child
  pid_ = fork();
  if (pid_ < 0) {
    close(pair[0]);
    close(pair[1]);
    throw RuntimeFailure(std::string("cannot start the fork server: ") + std::strerror(errno));
  }
  if (pid_ == 0) {
    close(pair[0]);
    run_fork_server(registry, pair[1], simulated_init);
  }
  close(pair[1]);
  control_fd_ = pair[0];
}

ForkServer::~ForkServer() {
  close(control_fd_);
  // It exits on end-of-file at once; reaping it leaves no zombie behind in a long-lived process
  // (a test binary starts many runtimes).
  waitpid(pid_, nullptr, 0);
}

int ForkServer::spawn(std::size_t index) {
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return -1;
  bool sent = false;
  {
    std::lock_guard lock(mutex_);
    sent = send_fd(control_fd_, static_cast<std::uint32_t>(index), pair[1]);
  }
  close(pair[1]);
  if (!sent) {
    close(pair[0]);
    return -1;
  }
  return pair[0];
}

bool Environment::await_ready(int fd) {
  fd_ = fd;
  std::optional<Frame> frame = read_frame(fd_, -1);
  if (!frame || frame->kind != FrameKind::ready) {
    close();
    return false;
  }
  FrameReader in(frame->payload);
  pid_ = static_cast<pid_t>(in.u32());
  return true;
}

EnvironmentAnswer Environment::invoke(const std::string& request_id, const Request& request,
                                      std::chrono::milliseconds backstop) {
  FrameWriter out(FrameKind::invoke);
  out.str(request_id);
  out.request(request);
  EnvironmentAnswer answer{.outcome = Outcome::crashed};
  if (!write_frame(fd_, out.finish())) return answer;
  bool timed_out = false;
  std::optional<Frame> frame = read_frame(fd_, static_cast<int>(backstop.count()), &timed_out);
  if (!frame) {
    if (timed_out && pid_ > 0) kill(pid_, SIGKILL);  // alive but wedged
    return answer;
  }
  FrameReader in(frame->payload);
  if (frame->kind == FrameKind::crash) {
    answer.signal = static_cast<int>(in.u32());
    answer.peak_bytes = in.u64();
    return answer;
  }
  if (frame->kind != FrameKind::result) return answer;
  answer.outcome = static_cast<Outcome>(in.u8());
  answer.duration_ms = in.f64();
  answer.peak_bytes = in.u64();
  answer.charged = in.u64();
  answer.response = in.response();
  if (!in.ok() || answer.outcome > Outcome::crashed) answer = {.outcome = Outcome::crashed};
  return answer;
}

void Environment::cancel() const {
  if (pid_ > 0) kill(pid_, SIGTERM);
}

void Environment::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace walletfuzz::runtime::detail
