#include "walletfuzz/http_target/forwarding_app.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/fuzzers/fuzz_target.hpp"
#include "walletfuzz/fuzzers/response_signal.hpp"
#include "walletfuzz/http_target/http_exchange.hpp"
#include "walletfuzz/loadgen/load_plan.hpp"
#include "walletfuzz/loadgen/load_runner.hpp"

namespace walletfuzz::http_target {
namespace {

using Clock = std::chrono::steady_clock;
using fuzzers::ConnectionError;

/// What escapes a forwarding handler when the target crashed on the request: the harness
/// reports it as a crash, so libFuzzer keeps the input and triage confirms it by sending it again.
class TargetCrashed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The one connection of this process and the rate cap over it. Fuzzing is sequential (one input
// at a time), so the handlers share it without locking beyond this mutex.
class Forwarder {
 public:
  Forwarder(loadgen::TargetUrl target, double max_rps, std::chrono::milliseconds recovery)
      : target_(std::move(target)),
        exchange_({.host = target_.host, .port = target_.port}),
        interval_(max_rps > 0 ? std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(1.0 / max_rps))
                              : Clock::duration::zero()),
        recovery_(recovery) {}

  Response forward(const Request& request, const FunctionSettings& settings) {
    std::lock_guard lock(mutex_);
    const std::string wire = serialize_request(loadgen::request_for_target(request, target_));
    for (int attempt = 0;; ++attempt) {
      wait_for_rate_slot();
      const Clock::time_point start = Clock::now();
      ExchangeResult result = exchange_.send(wire, request.method, settings.timeout);
      const auto latency = Clock::now() - start;
      fuzzers::report_remote_latency(latency);
      fuzzers::ResponseFeedback feedback(fuzzers::response_counters());
      feedback.record_connection_error(result.error);
      switch (result.error) {
        case ConnectionError::none:
          break;
        case ConnectionError::timeout:
          // The harness sees the latency at the function's timeout and calls it a timeout.
          return Response{.status = 504, .body = "walletfuzz: " + result.detail};
        case ConnectionError::refused:
          // Nothing listens: an earlier request may have taken the target down. This request
          // is not to blame; it goes out again once the target is back.
          if (attempt == 0 && wait_until_back("refused the connection (" + result.detail + ")"))
            continue;
          [[fallthrough]];
        default:
          wait_until_back(std::string(fuzzers::connection_error_name(result.error)) + " (" +
                          result.detail + ")");
          throw TargetCrashed("the target failed on this request: " +
                              std::string(fuzzers::connection_error_name(result.error)));
      }
      feedback.record_status(result.response.status);
      feedback.record_shape(fuzzers::response_shape_hash(result.response));
      if (result.response.status == 502 || result.response.status == 503) {
        feedback.record_connection_error(ConnectionError::proxy_error);
        throw TargetCrashed("a proxy in front of the function answered " +
                            std::to_string(result.response.status));
      }
      return std::move(result.response);
    }
  }

 private:
  void wait_for_rate_slot() {
    if (interval_ == Clock::duration::zero()) return;
    const Clock::time_point now = Clock::now();
    if (next_send_ > now) std::this_thread::sleep_until(next_send_);
    next_send_ = std::max(now, next_send_) + interval_;
  }

  // Waits, within the recovery bound, until the target accepts connections again, and says on
  // stderr what happened. A target that stays down ends the process (exit 3): every later
  // input would fail the same way, and the campaign must not hang on it.
  bool wait_until_back(const std::string& what) {
    const Clock::time_point start = Clock::now();
    const Clock::time_point give_up = start + recovery_;
    auto pause = std::chrono::milliseconds(10);
    while (Clock::now() < give_up) {
      if (exchange_.reachable(std::chrono::milliseconds(500))) {
        std::fprintf(stderr, "walletfuzz: target %s %s; back after %lld ms\n",
                     target_.to_string().c_str(), what.c_str(),
                     static_cast<long long>(
                         std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start)
                             .count()));
        return true;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(500));
    }
    std::fprintf(
        stderr, "walletfuzz: target %s %s and did not come back within %lld ms; stopping\n",
        target_.to_string().c_str(), what.c_str(), static_cast<long long>(recovery_.count()));
    std::fflush(stderr);
    std::_Exit(3);
  }

  loadgen::TargetUrl target_;
  HttpExchange exchange_;
  Clock::duration interval_;
  std::chrono::milliseconds recovery_;
  Clock::time_point next_send_{};
  std::mutex mutex_;
};

}  // namespace

HandlerRegistry make_forwarding_registry(const fuzzers::HttpTargetSpec& spec) {
  loadgen::TargetUrl target = loadgen::parse_target_url(spec.url, "url");
  if (target.tls) {
    throw InputError({.field = "target.url"}, "https targets cannot be fuzzed yet",
                     "fuzz a http:// endpoint (a local container or `sam local`)");
  }
  auto forwarder = std::make_shared<Forwarder>(std::move(target), spec.max_rps,
                                               std::chrono::milliseconds(spec.recovery_ms));
  HandlerRegistry registry;
  for (const auto& f : spec.functions) {
    registry.add(
        {.name = f.name,
         .method = f.method.empty() ? "*" : f.method,
         .route = f.route.empty() ? "/*" : f.route,
         .settings = {.memory_mb = f.memory_mb, .timeout = std::chrono::milliseconds(f.timeout_ms)},
         .baseline_requests = f.baseline_requests,
         .invoke =
             [forwarder](const Request& request, InvocationContext& context) {
               return forwarder->forward(request, context.settings());
             },
         .description = "forwarded to " + spec.url});
  }
  return registry;
}

HandlerRegistry make_http_target_app() {
  const fuzzers::FuzzTargetEnv& env = fuzzers::fuzz_target_env();
  const std::filesystem::path& file = env.http_target;
  // List mode without a description: the binary's engine and version, no handlers (how the
  // fuzz target search checks that a binary is a libFuzzer build before anything is written).
  if (file.empty() && env.mode == fuzzers::TargetMode::list) return {};
  if (file.empty()) {
    throw InputError({.field = "WALLETFUZZ_HTTP_TARGET"}, "is not set",
                     "`walletfuzz fuzz` sets it for a scenario with target.url");
  }
  return make_forwarding_registry(fuzzers::read_http_target_spec(file));
}

fuzzers::LeakScanner with_leak_feedback(fuzzers::LeakScanner scanner) {
  return [scanner = std::move(scanner)](const Request& request, const Response& response) {
    auto hit = scanner(request, response);
    if (hit)
      fuzzers::ResponseFeedback(fuzzers::response_counters()).record_leak_family(hit->family);
    return hit;
  };
}

}  // namespace walletfuzz::http_target
