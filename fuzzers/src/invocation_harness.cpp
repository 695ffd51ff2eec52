#include "walletfuzz/fuzzers/invocation_harness.hpp"

#include <cxxabi.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <new>
#include <typeinfo>
#include <vector>

#include "walletfuzz/core/amplification.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::fuzzers {
namespace {

constexpr std::array<std::string_view, 7> kKindNames = {"none", "rejected", "crash", "timeout",
                                                        "oom",  "slow",     "leak"};

std::uint64_t thread_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

// The latency a forwarding handler reported for the invocation running on this thread.
thread_local std::optional<std::uint64_t> reported_remote_latency_ns;

std::string demangle(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), &std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(mangled);
}

std::string current_exception_type() {
  const std::type_info* type = abi::__cxa_current_exception_type();
  return type != nullptr ? demangle(type->name()) : std::string("unknown");
}

std::string one_line(std::string_view text, std::size_t max = 200) {
  std::string line(text.substr(0, max));
  std::replace_if(
      line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return line;
}

template <typename T>
T median(std::vector<T> values) {
  if (values.empty()) return T{};
  auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

}  // namespace

void report_remote_latency(std::chrono::nanoseconds latency) noexcept {
  reported_remote_latency_ns = static_cast<std::uint64_t>(std::max<long long>(latency.count(), 0));
}

std::string_view kind_name(FindingKind kind) noexcept {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<FindingKind> parse_kind(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<FindingKind>(i);
  }
  return std::nullopt;
}

InvocationHarness::InvocationHarness(const HandlerSpec& spec, HarnessOptions options,
                                     LeakScanner scanner)
    : spec_(spec), options_(std::move(options)), scanner_(std::move(scanner)) {}

InvocationOutcome InvocationHarness::run(std::string_view request_bytes) const {
  ParseOutcome parsed = parse_request(request_bytes, options_.limits);
  if (!parsed.request) {
    InvocationOutcome outcome;
    outcome.kind = FindingKind::rejected;
    outcome.detail = std::move(parsed.error);
    return outcome;
  }
  return run(*parsed.request);
}

InvocationOutcome InvocationHarness::run(const Request& request) const {
  InvocationOutcome outcome;
  std::optional<Response> response;
  auto wall_start = InvocationContext::Clock::now();
  InvocationContext context("fuzz", spec_.settings, wall_start + spec_.settings.timeout);
  std::uint64_t cpu_start = thread_cpu_ns();
  reported_remote_latency_ns.reset();
  {
    CurrentInvocation current(context);
    try {
      response = spec_.invoke(request, context);
    } catch (const std::bad_alloc&) {
      // The runtime's allocation accounting throws this past the function's memory size, as
      // Lambda kills a function that outgrows its configured memory.
      outcome.kind = FindingKind::oom;
      outcome.exception_type = current_exception_type();
      outcome.detail = "allocation failed beyond the function's memory size";
    } catch (const std::exception& e) {
      outcome.kind = FindingKind::crash;
      outcome.exception_type = demangle(typeid(e).name());
      outcome.detail = "uncaught " + outcome.exception_type + ": " + one_line(e.what());
    } catch (...) {
      outcome.kind = FindingKind::crash;
      outcome.exception_type = current_exception_type();
      outcome.detail = "uncaught exception of type " + outcome.exception_type;
    }
  }
  outcome.cost.cpu_ns = thread_cpu_ns() - cpu_start;
  outcome.cost.wall_ns =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     InvocationContext::Clock::now() - wall_start)
                                     .count());
  if (options_.cost_is_latency) {
    if (reported_remote_latency_ns) outcome.cost.wall_ns = *reported_remote_latency_ns;
    outcome.cost.cpu_ns = outcome.cost.wall_ns;
  }
  outcome.cost.work_units = context.charged();
  outcome.cost.peak_memory_bytes = context.peak_bytes();
  if (response) {
    outcome.status = response->status;
    outcome.response_bytes = response->body.size();
  }
  classify(outcome, request, response ? &*response : nullptr);
  return outcome;
}

void InvocationHarness::classify(InvocationOutcome& outcome, const Request& request,
                                 const Response* response) const {
  if (outcome.kind != FindingKind::none) return;  // crash or oom already decided
  auto timeout_ns = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(spec_.settings.timeout).count());
  if (outcome.cost.wall_ns >= timeout_ns) {
    outcome.kind = FindingKind::timeout;
    outcome.detail = "ran past the function's timeout of " +
                     std::to_string(spec_.settings.timeout.count()) + " ms";
    return;
  }
  std::uint64_t memory_limit = static_cast<std::uint64_t>(spec_.settings.memory_mb) << 20;
  if (outcome.cost.peak_memory_bytes > memory_limit) {
    outcome.kind = FindingKind::oom;
    outcome.detail =
        "peak memory beyond the function's " + std::to_string(spec_.settings.memory_mb) + " MB";
    return;
  }
  if (scanner_ && response != nullptr) {
    if (auto hit = scanner_(request, *response)) {
      outcome.kind = FindingKind::leak;
      outcome.detail = "response leaks " + hit->family + " (" + hit->rule + ")";
      outcome.leak = std::move(hit);
      return;
    }
  }
  std::uint64_t threshold = slow_threshold_ns();
  // Wall time alone is at the mercy of the scheduler: on a loaded machine a preempted normal
  // request looks 10x slower. Slow means the handler also burnt CPU: at least half the growth
  // the threshold asks of wall time (handlers whose slowness is waiting report it via charge()).
  bool cpu_grew = baseline_.cpu_median_ns == 0 || baseline_.wall_median_ns == 0 ||
                  static_cast<double>(outcome.cost.cpu_ns) * 2.0 >=
                      static_cast<double>(threshold) *
                          static_cast<double>(baseline_.cpu_median_ns) /
                          static_cast<double>(baseline_.wall_median_ns);
  bool slow_by_time = threshold > 0 && outcome.cost.wall_ns >= threshold && cpu_grew;
  // Work a handler delegates (charge()) is invisible to the clock, so it counts on its own.
  bool slow_by_work = baseline_.work_units_median > 0 &&
                      static_cast<double>(outcome.cost.work_units) >=
                          options_.slow_ratio * static_cast<double>(baseline_.work_units_median);
  if (slow_by_time || slow_by_work) {
    outcome.kind = FindingKind::slow;
    outcome.detail = slow_by_time ? "wall time at or above the slow threshold"
                                  : "delegated work at or above the slow threshold";
  }
}

const Baseline& InvocationHarness::measure_baseline(int runs) {
  if (spec_.baseline_requests.empty()) {
    throw InputError({.field = "handler " + spec_.name},
                     "has no baseline requests; a slow input needs a normal one to compare with");
  }
  Baseline none;
  set_baseline(none);  // classify() must not call a baseline slow against an old baseline
  std::vector<std::uint64_t> wall;
  std::vector<std::uint64_t> cpu;
  std::vector<std::uint64_t> work;
  std::vector<std::uint64_t> memory;
  std::vector<std::size_t> sizes;
  for (std::size_t i = 0; i < spec_.baseline_requests.size(); ++i) {
    const std::string& request = spec_.baseline_requests[i];
    sizes.push_back(request.size());
    for (int run_index = -1; run_index < std::max(runs, 1); ++run_index) {
      InvocationOutcome outcome = run(request);
      if (outcome.kind != FindingKind::none) {
        throw InputError(
            {.field = "handler " + spec_.name + " baseline_requests[" + std::to_string(i) + "]"},
            "baseline request is not normal traffic: " + std::string(kind_name(outcome.kind)) +
                " (" + outcome.detail + ")");
      }
      if (run_index < 0) continue;  // warm-up: first-touch allocations, cold caches
      wall.push_back(outcome.cost.wall_ns);
      cpu.push_back(outcome.cost.cpu_ns);
      work.push_back(outcome.cost.work_units);
      memory.push_back(outcome.cost.peak_memory_bytes);
    }
  }
  baseline_ = {.wall_median_ns = std::max<std::uint64_t>(median(wall), 1),
               .cpu_median_ns = median(cpu),
               .work_units_median = median(work),
               .peak_memory_median_bytes = median(memory),
               .request_bytes_median = median(sizes)};
  return baseline_;
}

std::uint64_t InvocationHarness::slow_threshold_ns() const noexcept {
  // With both thresholds set, either one suffices (scenario semantics): the lower one decides.
  // The ratio threshold is never below Lambda's billing granularity: an input that stays under
  // 1 ms costs what a normal one does, and a 10x ratio of a 7 us handler is within the noise of
  // a cache miss or a page fault (it made the fixed app's regression replay flaky under ASan).
  constexpr std::uint64_t billing_granularity_ns = 1'000'000;
  auto by_ratio =
      std::max(billing_granularity_ns,
               static_cast<std::uint64_t>(options_.slow_ratio *
                                          static_cast<double>(baseline_.wall_median_ns)));
  // Over a network (cost_is_latency) the floor is the jitter a client sees: on a loaded
  // 2-core machine loopback requests of a 0.3 ms handler took 5-7 ms for seconds at a time, so
  // a ratio of a sub-millisecond baseline would call scheduling noise slow. 25 ms above the
  // baseline is more than that jitter, and far below what a denial-of-wallet input costs.
  constexpr std::uint64_t network_jitter_ns = 25'000'000;
  if (options_.cost_is_latency)
    by_ratio = std::max(by_ratio, baseline_.wall_median_ns + network_jitter_ns);
  if (options_.slow_ratio <= 0 || baseline_.wall_median_ns == 0) by_ratio = 0;  // no ratio yet
  if (!options_.slow_absolute) return by_ratio;
  auto absolute = static_cast<std::uint64_t>(options_.slow_absolute->count());
  return options_.slow_ratio > 0 ? std::min(by_ratio, absolute) : absolute;
}

double InvocationHarness::amplification(const CostSample& cost) const noexcept {
  if (baseline_.wall_median_ns == 0) return 0.0;
  return static_cast<double>(cost.wall_ns) / static_cast<double>(baseline_.wall_median_ns);
}

double InvocationHarness::size_aware_amplification(const CostSample& cost,
                                                   std::size_t request_bytes) const noexcept {
  return walletfuzz::size_aware_amplification(amplification(cost), request_bytes,
                                              baseline_.request_bytes_median);
}

}  // namespace walletfuzz::fuzzers
