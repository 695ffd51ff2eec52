#include "walletfuzz/sample_app/lambda_runtime.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>

namespace walletfuzz {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double bytes_per_mb = 1024.0 * 1024.0;

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

Response function_error(int status, std::string_view type, const std::string& message) {
  Response response = json_message(status, {{"errorType", type}, {"errorMessage", message}});
  response.headers.set("X-Amz-Function-Error", "Unhandled");
  return response;
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

struct LambdaRuntime::FunctionState {
  unsigned in_flight = 0;
  unsigned idle_environments = 0;  // warm execution environments ready for reuse
};

struct LambdaRuntime::Invocation {
  Invocation(const HandlerSpec& handler, FunctionState& state, Request req, InvocationCallback cb,
             boost::asio::any_io_executor executor)
      : spec(handler),
        function(state),
        request(std::move(req)),
        done(std::move(cb)),
        request_id(make_request_id()),
        timer(boost::asio::make_strand(executor)) {}

  const HandlerSpec& spec;
  FunctionState& function;
  Request request;
  InvocationCallback done;
  std::string request_id;
  bool cold = false;
  std::optional<double> init_ms;
  boost::asio::steady_timer timer;

  std::mutex mutex;  // guards the members below
  std::unique_ptr<InvocationContext> context;
  bool cancel_before_start = false;
  bool responded = false;
  bool timed_out = false;
};

LambdaRuntime::LambdaRuntime(const HandlerRegistry& registry,
                             boost::asio::any_io_executor timer_executor, RuntimeOptions options,
                             ReportSink report_sink)
    : registry_(registry),
      timer_executor_(std::move(timer_executor)),
      options_(options),
      report_sink_(std::move(report_sink)),
      workers_(std::make_unique<boost::asio::thread_pool>(
          options.account_concurrency == 0 ? 1 : options.account_concurrency)) {
  if (options_.account_concurrency == 0) options_.account_concurrency = 1;
  for (const auto& spec : registry_.handlers()) {
    functions_.emplace(&spec, std::make_unique<FunctionState>());
  }
}

LambdaRuntime::~LambdaRuntime() {
  // Handlers check cancellation, so this wait is bounded by their slowest uncancellable step.
  shutdown(std::chrono::milliseconds(0));
  workers_->join();
}

unsigned LambdaRuntime::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

void LambdaRuntime::invoke(Request request, InvocationCallback done) {
  const HandlerSpec* spec = registry_.route(request.method, request.path());
  if (spec == nullptr) {
    done({.status = InvocationStatus::not_found,
          .response = json_message(404, {{"message", "Not Found"}})});
    return;
  }
  std::shared_ptr<Invocation> invocation;
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
      lock.unlock();
      refused->function_name = spec->name;
      done(std::move(*refused));
      return;
    }
    ++in_flight_;
    ++function.in_flight;
    invocation = std::make_shared<Invocation>(*spec, function, std::move(request), std::move(done),
                                              timer_executor_);
    invocation->cold = function.idle_environments == 0;
    if (!invocation->cold) --function.idle_environments;
    running_.emplace(invocation.get(), invocation);
  }
  boost::asio::post(*workers_, [this, invocation] { run_on_worker(invocation); });
}

void LambdaRuntime::run_on_worker(const std::shared_ptr<Invocation>& invocation) {
  const FunctionSettings& settings = invocation->spec.settings;
  if (invocation->cold) {
    // INIT: a new execution environment. Here it costs only what the emulation does (plus the
    // configured simulated cold start); Lambda reports it as Init Duration.
    auto init_start = Clock::now();
    if (options_.simulated_init.count() > 0) std::this_thread::sleep_for(options_.simulated_init);
    invocation->init_ms = milliseconds_between(init_start, Clock::now());
  }
  auto start = Clock::now();
  InvocationContext* context = nullptr;
  {
    std::lock_guard lock(invocation->mutex);
    invocation->context = std::make_unique<InvocationContext>(invocation->request_id, settings,
                                                              start + settings.timeout);
    if (invocation->cancel_before_start) invocation->context->request_cancel();
    context = invocation->context.get();
  }
  boost::asio::post(invocation->timer.get_executor(), [this, invocation, start, &settings] {
    invocation->timer.expires_at(start + settings.timeout);
    invocation->timer.async_wait([this, invocation](boost::system::error_code ec) {
      if (!ec) on_timeout(invocation);
    });
  });

  std::optional<Response> response;
  InvocationStatus status = InvocationStatus::success;
  {
    CurrentInvocation scope(*context);
    try {
      response = invocation->spec.invoke(invocation->request, *context);
    } catch (const std::bad_alloc&) {
      status = InvocationStatus::out_of_memory;
    } catch (...) {
      status = InvocationStatus::handler_error;
    }
  }
  double duration_ms = milliseconds_between(start, Clock::now());

  InvocationResult result{.status = status,
                          .function_name = invocation->spec.name,
                          .charged_units = context->charged()};
  unsigned used_mb = megabytes_used(context->peak_bytes());
  if (status == InvocationStatus::success) {
    result.response = std::move(*response);
  } else if (status == InvocationStatus::out_of_memory) {
    used_mb = settings.memory_mb;
    result.response = function_error(502, "Runtime.OutOfMemory",
                                     "RequestId: " + invocation->request_id +
                                         " Error: Runtime exited with error: signal: killed");
  } else {
    result.response = function_error(
        502, "Runtime.UnhandledException",
        "RequestId: " + invocation->request_id + " Error: the handler threw an exception");
  }
  result.report =
      ReportLine{.request_id = invocation->request_id,
                 .duration_ms = duration_ms,
                 .billed_duration_ms = billed_duration_ms(duration_ms, invocation->init_ms),
                 .memory_size_mb = settings.memory_mb,
                 .max_memory_used_mb = used_mb,
                 .init_duration_ms = invocation->init_ms};
  bool timed_out = false;
  {
    std::lock_guard lock(invocation->mutex);
    timed_out = invocation->timed_out;
  }
  // A handler that returns at or after its deadline (it saw cancelled() before the timer fired
  // on a busy machine) timed out all the same: Lambda would have stopped it there.
  bool past_deadline = Clock::now() >= start + settings.timeout;
  // Free the slot (and return a warm environment) before answering, so a client that sends its
  // next request as soon as it has this answer finds both available, as on Lambda. Lambda
  // replaces an environment after a timeout or out-of-memory; others stay warm.
  release(*invocation, !timed_out && !past_deadline && status != InvocationStatus::out_of_memory);
  if (past_deadline) {
    on_timeout(invocation);
  } else {
    finish(invocation, std::move(result));
  }
}

void LambdaRuntime::finish(const std::shared_ptr<Invocation>& invocation, InvocationResult result) {
  {
    std::lock_guard lock(invocation->mutex);
    if (invocation->responded) return;  // the timeout answered already
    invocation->responded = true;
  }
  boost::asio::post(invocation->timer.get_executor(), [invocation] { invocation->timer.cancel(); });
  result.response.headers.set("X-Amzn-RequestId", invocation->request_id);
  if (report_sink_ && result.report) report_sink_(*result.report);
  invocation->done(std::move(result));
}

void LambdaRuntime::on_timeout(const std::shared_ptr<Invocation>& invocation) {
  std::uint64_t peak = 0, charged = 0;
  {
    std::lock_guard lock(invocation->mutex);
    if (invocation->responded) return;
    invocation->responded = true;
    invocation->timed_out = true;
    invocation->context->request_cancel();
    peak = invocation->context->peak_bytes();
    charged = invocation->context->charged();
  }
  const FunctionSettings& settings = invocation->spec.settings;
  double timeout_ms = static_cast<double>(settings.timeout.count());
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", timeout_ms / 1000.0);
  InvocationResult result{
      .status = InvocationStatus::timeout,
      .response = function_error(504, "Sandbox.Timedout",
                                 "RequestId: " + invocation->request_id +
                                     " Error: Task timed out after " + seconds + " seconds"),
      .function_name = invocation->spec.name,
      .report =
          ReportLine{.request_id = invocation->request_id,
                     .duration_ms = timeout_ms,
                     .billed_duration_ms = billed_duration_ms(timeout_ms, invocation->init_ms),
                     .memory_size_mb = settings.memory_mb,
                     .max_memory_used_mb = megabytes_used(peak),
                     .init_duration_ms = invocation->init_ms},
      .charged_units = charged,
  };
  result.response.headers.set("X-Amzn-RequestId", invocation->request_id);
  if (report_sink_) report_sink_(*result.report);
  invocation->done(std::move(result));
}

void LambdaRuntime::release(Invocation& invocation, bool environment_reusable) {
  std::lock_guard lock(mutex_);
  --in_flight_;
  --invocation.function.in_flight;
  if (environment_reusable && !shutting_down_) ++invocation.function.idle_environments;
  running_.erase(&invocation);
  idle_.notify_all();
}

bool LambdaRuntime::shutdown(std::chrono::milliseconds grace) {
  std::unique_lock lock(mutex_);
  shutting_down_ = true;
  for (auto& [raw, weak] : running_) {
    if (auto invocation = weak.lock()) {
      std::lock_guard invocation_lock(invocation->mutex);
      if (invocation->context) {
        invocation->context->request_cancel();
      } else {
        invocation->cancel_before_start = true;
      }
    }
  }
  return idle_.wait_for(lock, grace, [this] { return in_flight_ == 0; });
}

}  // namespace walletfuzz
