#include "walletfuzz/runtime/lambda_runtime.hpp"

#include <signal.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "environment.hpp"

namespace walletfuzz::runtime {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double bytes_per_mb = 1024.0 * 1024.0;
// How long past its deadline an environment may stay silent before the front end kills it. Its
// own watchdog answers at the deadline; this only catches a stopped or wedged process.
constexpr std::chrono::milliseconds kBackstop{2000};

double milliseconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// A version 4 UUID, like Lambda's request ids.
std::string make_request_id() {
  thread_local std::mt19937_64 random(std::random_device{}() ^
                                      std::hash<std::thread::id>{}(std::this_thread::get_id()));
  std::uint64_t high = random(), low = random();
  high = (high & ~0xF000ull) | 0x4000ull;                // version 4
  low = (low & ~(0xC000ull << 48)) | (0x8000ull << 48);  // RFC 4122 variant
  char text[40];
  std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32),
                static_cast<unsigned long long>((high >> 16) & 0xFFFF),
                static_cast<unsigned long long>(high & 0xFFFF),
                static_cast<unsigned long long>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  return text;
}

unsigned megabytes_used(std::uint64_t peak_bytes) {
  auto used = static_cast<unsigned>(std::ceil(static_cast<double>(peak_bytes) / bytes_per_mb));
  return used == 0 ? 1 : used;  // Lambda never reports 0 MB
}

Response json_message(int status, const boost::json::object& body) {
  Response response{.status = status, .body = boost::json::serialize(body)};
  response.headers.set("Content-Type", "application/json");
  return response;
}

// The bodies Lambda and its front doors return for errors of the platform (not the handler).
Response throttled_response(bool reserved) {
  Response response =
      json_message(429, {{"Reason", reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                             : "ConcurrentInvocationLimitExceeded"},
                         {"Type", "User"},
                         {"message", "Rate Exceeded."}});
  response.headers.set("x-amzn-ErrorType", "TooManyRequestsException");
  return response;
}

// Lambda's error document for a function error. Behind API Gateway the client would see only
// {"message":"Internal server error"}; the document keeps the error type visible to whoever
// tests locally, and, like API Gateway, it never echoes what the handler itself said.
Response function_error(int status, std::string_view type, const std::string& message) {
  Response response = json_message(
      status,
      {{"errorType", type}, {"errorMessage", message}, {"message", "Internal server error"}});
  response.headers.set("X-Amz-Function-Error", "Unhandled");
  return response;
}

// Lambda's wording for a runtime process that died ("signal: segmentation fault").
std::string exit_reason(int signal_number) {
  switch (signal_number) {
    case SIGSEGV:
      return "Runtime exited with error: signal: segmentation fault";
    case SIGABRT:
      return "Runtime exited with error: signal: aborted";
    case SIGBUS:
      return "Runtime exited with error: signal: bus error";
    case SIGFPE:
      return "Runtime exited with error: signal: floating point exception";
    case SIGILL:
      return "Runtime exited with error: signal: illegal instruction";
    default:
      return "Runtime exited without providing a reason";
  }
}

void count(InvocationCounts& counts, InvocationStatus status, bool cold) {
  if (status == InvocationStatus::shutting_down || status == InvocationStatus::not_found) return;
  if (status == InvocationStatus::throttled) {
    ++counts.throttled;
    return;
  }
  ++counts.invocations;
  if (cold) ++counts.cold_starts;
  if (status == InvocationStatus::crashed) ++counts.crashes;
  if (status == InvocationStatus::out_of_memory) ++counts.out_of_memory;
  if (status == InvocationStatus::timeout) ++counts.timeouts;
}

bool is_power_of_ten(std::uint64_t value) {
  while (value % 10 == 0) value /= 10;
  return value == 1;
}

}  // namespace

std::string_view to_string(InvocationStatus status) noexcept {
  switch (status) {
    case InvocationStatus::success:
      return "success";
    case InvocationStatus::handler_error:
      return "handler_error";
    case InvocationStatus::out_of_memory:
      return "out_of_memory";
    case InvocationStatus::crashed:
      return "crashed";
    case InvocationStatus::timeout:
      return "timeout";
    case InvocationStatus::throttled:
      return "throttled";
    case InvocationStatus::not_found:
      return "not_found";
    case InvocationStatus::shutting_down:
      return "shutting_down";
  }
  return "unknown";
}

std::string describe(const RuntimeStats& stats) {
  auto by_function = [&stats](std::uint64_t InvocationCounts::*field) {
    std::string text;
    for (const auto& [name, counts] : stats.functions) {
      if (counts.*field == 0) continue;
      text += (text.empty() ? " (" : ", ") + name + " " + std::to_string(counts.*field);
    }
    return text.empty() ? text : text + ")";
  };
  const InvocationCounts& t = stats.total;
  return "invocations " + std::to_string(t.invocations) + ", cold starts " +
         std::to_string(t.cold_starts) + ", crashes " + std::to_string(t.crashes) +
         by_function(&InvocationCounts::crashes) + ", out of memory " +
         std::to_string(t.out_of_memory) + by_function(&InvocationCounts::out_of_memory) +
         ", timeouts " + std::to_string(t.timeouts) + ", throttled " + std::to_string(t.throttled);
}

struct LambdaRuntime::FunctionState {
  std::size_t index = 0;  // in the registry: what the fork server is asked to start
  unsigned in_flight = 0;
  std::vector<detail::Environment> idle;  // warm execution environments ready for reuse
  InvocationCounts counts;
};

struct LambdaRuntime::Invocation {
  const HandlerSpec& spec;
  FunctionState& function;
  Request request;
  InvocationCallback done;
  std::string request_id = make_request_id();
  std::optional<detail::Environment> warm;  // taken from the idle pool; empty: a cold start
  std::atomic<pid_t> running_pid{0};        // the environment's process, once it has one
};

LambdaRuntime::LambdaRuntime(const HandlerRegistry& registry, RuntimeOptions options,
                             ReportSink report_sink)
    : registry_(registry), options_(options), report_sink_(std::move(report_sink)) {
  if (options_.account_concurrency == 0) options_.account_concurrency = 1;
  for (std::size_t i = 0; i < registry_.handlers().size(); ++i) {
    auto state = std::make_unique<FunctionState>();
    state->index = i;
    functions_.emplace(&registry_.handlers()[i], std::move(state));
  }
  // The fork server first, while this process may still be single-threaded; then the workers.
  fork_server_ = std::make_unique<detail::ForkServer>(registry_, options_.simulated_init);
  workers_ = std::make_unique<boost::asio::thread_pool>(options_.account_concurrency);
}

LambdaRuntime::~LambdaRuntime() {
  shutdown(std::chrono::milliseconds(0));
  {
    // What ignored the cancellation is ended now, so the workers waiting on it return.
    std::lock_guard lock(mutex_);
    for (auto& [raw, weak] : running_) {
      if (auto invocation = weak.lock(); invocation && invocation->running_pid > 0) {
        kill(invocation->running_pid, SIGKILL);
      }
    }
  }
  workers_->join();
  for (auto& [spec, function] : functions_) {
    for (auto& environment : function->idle) environment.close();
  }
  fork_server_.reset();
}

unsigned LambdaRuntime::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

RuntimeStats LambdaRuntime::stats() const {
  std::lock_guard lock(mutex_);
  RuntimeStats stats{.total = totals_};
  for (const auto& [spec, function] : functions_) stats.functions[spec->name] = function->counts;
  return stats;
}

void LambdaRuntime::invoke(Request request, InvocationCallback done) {
  const HandlerSpec* spec = registry_.route(request.method, request.path());
  if (spec == nullptr) {
    done({.status = InvocationStatus::not_found,
          .response = json_message(404, {{"message", "Not Found"}})});
    return;
  }
  std::shared_ptr<Invocation> invocation;
  std::optional<detail::Environment> evicted;
  {
    std::unique_lock lock(mutex_);
    FunctionState& function = *functions_.at(spec);
    std::optional<InvocationResult> refused;
    if (shutting_down_) {
      refused = {.status = InvocationStatus::shutting_down,
                 .response = json_message(503, {{"message", "Service Unavailable"}})};
    } else if (spec->settings.reserved_concurrency > 0 &&
               function.in_flight >= spec->settings.reserved_concurrency) {
      refused = {.status = InvocationStatus::throttled, .response = throttled_response(true)};
    } else if (in_flight_ >= options_.account_concurrency) {
      refused = {.status = InvocationStatus::throttled, .response = throttled_response(false)};
    }
    if (refused) {
      if (refused->status == InvocationStatus::throttled) {
        count(totals_, refused->status, false);
        count(function.counts, refused->status, false);
      }
      lock.unlock();
      refused->function_name = spec->name;
      done(std::move(*refused));
      return;
    }
    ++in_flight_;
    ++function.in_flight;
    invocation = std::shared_ptr<Invocation>(new Invocation{.spec = *spec,
                                                            .function = function,
                                                            .request = std::move(request),
                                                            .done = std::move(done)});
    if (!function.idle.empty()) {
      invocation->warm = function.idle.back();
      function.idle.pop_back();
    } else if (live_environments_ >= options_.account_concurrency) {
      // Keep at most one environment process per unit of account concurrency: a busy one has
      // a slot, so an idle one of some function can be ended to make room.
      for (auto& [other_spec, other] : functions_) {
        if (!other->idle.empty()) {
          evicted = other->idle.front();
          other->idle.erase(other->idle.begin());
          break;
        }
      }
    } else {
      ++live_environments_;
    }
    running_.emplace(invocation.get(), invocation);
  }
  if (evicted) evicted->close();
  boost::asio::post(*workers_, [this, invocation] { run_on_worker(invocation); });
}

void LambdaRuntime::run_on_worker(const std::shared_ptr<Invocation>& invocation) {
  const FunctionSettings& settings = invocation->spec.settings;
  const bool cold = !invocation->warm;
  std::optional<double> init_ms;
  detail::Environment environment;
  bool started = true;
  if (cold) {
    // INIT: a new execution environment, from the request to the fork server until the new
    // process says it is ready. Lambda reports it as Init Duration and bills it.
    auto init_start = Clock::now();
    int fd = fork_server_->spawn(invocation->function.index);
    if (fd < 0) {
      // Only if the fork server itself died; every cold start then fails like a crash.
      std::fprintf(stderr,
                   "walletfuzz serve: %s: cannot start an execution environment: the "
                   "environment fork server is gone\n",
                   invocation->spec.name.c_str());
    }
    started = fd >= 0 && environment.await_ready(fd);
    init_ms = milliseconds_between(init_start, Clock::now());
  } else {
    environment = *invocation->warm;
  }
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    stopping = shutting_down_;
  }
  if (stopping) {
    // Not invoked: answered like any request that arrives during shutdown.
    environment.close();
    finish(invocation,
           {.status = InvocationStatus::shutting_down,
            .response = json_message(503, {{"message", "Service Unavailable"}}),
            .function_name = invocation->spec.name},
           false);
    return;
  }
  invocation->running_pid = environment.pid();
  auto start = Clock::now();
  detail::EnvironmentAnswer answer;
  if (started) {
    answer = environment.invoke(
        invocation->request_id, invocation->request,
        std::chrono::duration_cast<std::chrono::milliseconds>(settings.timeout) + kBackstop);
  }
  double elapsed_ms = milliseconds_between(start, Clock::now());
  invocation->running_pid = 0;

  cost_model::ReportRecord report{.request_id = invocation->request_id,
                                  .memory_mb = static_cast<double>(settings.memory_mb),
                                  .max_memory_used_mb = megabytes_used(answer.peak_bytes),
                                  .init_ms = init_ms};
  report.function = invocation->spec.name;
  InvocationResult result{.function_name = invocation->spec.name, .charged_units = answer.charged};
  const std::string prefix = "RequestId: " + invocation->request_id + " Error: ";
  switch (answer.outcome) {
    case detail::Outcome::success:
      result.status = InvocationStatus::success;
      result.response = std::move(answer.response);
      report.duration_ms = answer.duration_ms;
      break;
    case detail::Outcome::handler_error:
      result.status = InvocationStatus::handler_error;
      result.response = function_error(502, "Runtime.UnhandledException",
                                       prefix + "the handler threw an exception");
      report.duration_ms = answer.duration_ms;
      break;
    case detail::Outcome::out_of_memory:
      result.status = InvocationStatus::out_of_memory;
      result.response = function_error(502, "Runtime.OutOfMemory",
                                       prefix + "Runtime exited with error: signal: killed");
      report.duration_ms = answer.duration_ms;
      report.max_memory_used_mb = settings.memory_mb;
      report.status = "error";
      report.error_type = "Runtime.OutOfMemory";
      break;
    case detail::Outcome::timeout: {
      result.status = InvocationStatus::timeout;
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.2f",
                    static_cast<double>(settings.timeout.count()) / 1000.0);
      result.response = function_error(504, "Sandbox.Timedout",
                                       prefix + "Task timed out after " + seconds + " seconds");
      report.duration_ms = static_cast<double>(settings.timeout.count());
      report.status = "timeout";
      break;
    }
    case detail::Outcome::crashed:
      // Billed for the time it ran: from handing over the request until the process died.
      result.status = InvocationStatus::crashed;
      result.response =
          function_error(502, "Runtime.ExitError", prefix + exit_reason(answer.signal));
      report.duration_ms = elapsed_ms;
      report.status = "error";
      report.error_type = "Runtime.ExitError";
      break;
  }
  report.billed_ms = static_cast<double>(cost_model::report_billed_ms(report.duration_ms, init_ms));
  result.report = std::move(report);
  // Lambda keeps an environment warm after a normal return or a handled error; it replaces one
  // that timed out, ran out of memory or died.
  const bool keep = result.status == InvocationStatus::success ||
                    result.status == InvocationStatus::handler_error;
  if (!keep) environment.close();
  if (keep) invocation->warm = environment;
  finish(invocation, std::move(result), keep);
}

void LambdaRuntime::finish(const std::shared_ptr<Invocation>& invocation, InvocationResult result,
                           bool keep_environment) {
  const bool cold = result.report && result.report->init_ms.has_value();
  std::uint64_t crashes_so_far = 0;
  {
    // Free the slot (and return a warm environment) before answering, so a client that sends
    // its next request as soon as it has this answer finds both available, as on Lambda.
    std::lock_guard lock(mutex_);
    --in_flight_;
    --invocation->function.in_flight;
    if (keep_environment && !shutting_down_) {
      invocation->function.idle.push_back(*invocation->warm);
    } else {
      if (keep_environment) invocation->warm->close();
      --live_environments_;
    }
    count(totals_, result.status, cold);
    count(invocation->function.counts, result.status, cold);
    if (result.status == InvocationStatus::crashed) {
      crashes_so_far = invocation->function.counts.crashes;
    }
    running_.erase(invocation.get());
  }
  idle_.notify_all();
  if (crashes_so_far > 0 && is_power_of_ten(crashes_so_far)) {
    // Logged at the 1st, 10th, 100th... crash of a function, so a crash finding replayed
    // thousands of times leaves a readable log; stats() has every count.
    std::fprintf(stderr,
                 "walletfuzz serve: %s: an execution environment died during request %s "
                 "(Runtime.ExitError); crashes of %s so far: %llu; each next invocation starts a "
                 "new environment\n",
                 invocation->spec.name.c_str(), invocation->request_id.c_str(),
                 invocation->spec.name.c_str(), static_cast<unsigned long long>(crashes_so_far));
  }
  result.response.headers.set("X-Amzn-RequestId", invocation->request_id);
  if (report_sink_ && result.report) report_sink_(*result.report);
  invocation->done(std::move(result));
}

bool LambdaRuntime::shutdown(std::chrono::milliseconds grace) {
  std::unique_lock lock(mutex_);
  shutting_down_ = true;
  for (auto& [raw, weak] : running_) {
    if (auto invocation = weak.lock(); invocation && invocation->running_pid > 0) {
      kill(invocation->running_pid, SIGTERM);  // the environment cancels its handler
    }
  }
  return idle_.wait_for(lock, grace, [this] { return in_flight_ == 0; });
}

}  // namespace walletfuzz::runtime
