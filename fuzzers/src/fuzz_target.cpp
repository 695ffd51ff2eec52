#include "walletfuzz/fuzzers/fuzz_target.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <set>

#include "fail_on.hpp"
#include "target_state.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/core/settings_override.hpp"
#include "walletfuzz/core/splitmix64.hpp"
#include "walletfuzz/fuzzers/cost_ladder.hpp"

namespace walletfuzz::fuzzers {
namespace detail {

TargetState& state() {
  static TargetState instance;
  return instance;
}

InvocationHarness& harness_for(const HandlerSpec& spec) {
  auto& harnesses = state().harnesses;
  auto it = harnesses.find(spec.name);
  if (it != harnesses.end()) return *it->second;
  auto harness = std::make_unique<InvocationHarness>(spec, state().options, state().scanner);
  harness->measure_baseline(state().env.baseline_runs);
  return *harnesses.emplace(spec.name, std::move(harness)).first->second;
}

InvocationHarness* harness_for_input(std::string_view bytes) {
  return harness_for_request(parse_request(bytes, state().options.limits));
}

InvocationHarness* harness_for_request(const ParseOutcome& parsed) {
  const HandlerSpec* pinned = state().pinned;
  if (!parsed.request) return pinned != nullptr ? &harness_for(*pinned) : nullptr;  // rejects it
  const HandlerSpec* spec = state().registry.route(parsed.request->method, parsed.request->path());
  // A pinned handler only takes requests that route to it: a finding is replayed against the
  // deployed function by its method and path, so one that only worked with a mangled request
  // line ("PT /sing/quote") would reach nothing there.
  if (pinned != nullptr && spec != pinned) return nullptr;
  return spec != nullptr ? &harness_for(*spec) : nullptr;
}

std::string content_hash(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace detail

namespace {

using detail::state;

// Fuzz-mode bookkeeping: how many candidates of each kind were written, and the best
// amplification so far, so a long run writes tens of files, not millions.
struct CandidateLog {
  std::filesystem::path dir;
  std::set<std::string> seen_keys;
  std::map<std::string, int> per_handler_slow_octave;
  std::map<std::string, double> best_amplification;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::unique_ptr<CostFeedback> feedback;
  CostLadder ladder{8};  ///< the most expensive inputs run, for mutate_fuzz_input to climb from
  ClimbBudget climb_budget;
  bool input_climbed = false;  ///< the input about to run was made from the ladder
  bool writable = true;
  FailOnPolicy fail_on;  ///< findings that abort like a crash (fail_on.hpp)

  /// Cost feedback on: buckets, and the ladder that climbing fills and draws from.
  bool feedback_enabled() const { return feedback && feedback->options().enabled; }
};

CandidateLog& candidates() {
  static CandidateLog log;
  return log;
}

double elapsed_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - candidates().started)
      .count();
}

// Decides whether this outcome is worth a file: a new leak rule, a new oom/timeout cause, or a
// slow input whose amplification reached a new power of two for its handler.
bool worth_writing(const InvocationHarness& harness, const InvocationOutcome& outcome,
                   double amplification) {
  auto& log = candidates();
  const std::string& handler = harness.spec().name;
  switch (outcome.kind) {
    case FindingKind::slow: {
      int octave = amplification >= 1.0 ? static_cast<int>(std::log2(amplification)) : 0;
      auto [it, inserted] = log.per_handler_slow_octave.try_emplace(handler, octave);
      if (!inserted && octave <= it->second) return false;
      it->second = octave;
      return true;
    }
    case FindingKind::leak:
      return log.seen_keys.insert(handler + ":leak:" + outcome.leak->rule).second;
    case FindingKind::oom:
    case FindingKind::timeout:
      return log.seen_keys
          .insert(handler + ":" + std::string(kind_name(outcome.kind)) + ":" + outcome.detail)
          .second;
    default:
      return false;
  }
}

// Amplification as the max-amplification lines and the slow-candidate octaves count it: wall
// time over the baseline's, but never more than CPU time over the baseline's. On a loaded
// machine a normal request that was merely preempted grows in wall time only, and would
// otherwise show up as a new maximum (and, in bench/fuzz_compare.sh, as reaching 100x).
double observed_amplification(const InvocationHarness& harness, const CostSample& cost) {
  double wall = harness.amplification(cost);
  const Baseline& baseline = harness.baseline();
  if (baseline.cpu_median_ns == 0) return wall;
  return std::min(wall,
                  static_cast<double>(cost.cpu_ns) / static_cast<double>(baseline.cpu_median_ns));
}

// `started_s`: when the input began to run. The lines report that time, not the time after the
// run, so that a search which finds a 10,000x input is not reported as slower than one which
// finds a 100x input only because the bigger find takes longer to execute (and to re-check).
void note_candidate(const InvocationHarness& harness, const InvocationOutcome& outcome,
                    std::string_view bytes, double started_s) {
  auto& log = candidates();
  double amplification = observed_amplification(harness, outcome.cost);
  if (log.feedback_enabled()) log.ladder.offer(bytes, amplification);
  const std::string& handler = harness.spec().name;
  double& best = log.best_amplification[handler];
  if (amplification > best) {
    best = amplification;
    // One line per new maximum: progress and the benchmarks read "time to reach 100x" from it.
    std::fprintf(stderr, "walletfuzz: max-amplification handler=%s amplification=%.1f t=%.3f\n",
                 handler.c_str(), amplification, started_s);
  }
  if (outcome.kind == FindingKind::none || log.dir.empty() || !log.writable) return;
  if (!worth_writing(harness, outcome, amplification)) return;
  std::string name = std::string(kind_name(outcome.kind)) + "-" + detail::content_hash(bytes);
  auto path = log.dir / (name + ".http");
  try {
    write_file_atomically(path, bytes);
  } catch (const std::exception& e) {
    // Keep fuzzing: the crash artifacts still work, and the orchestrator reports the directory.
    std::fprintf(stderr, "walletfuzz: cannot write candidates any more: %s\n", e.what());
    log.writable = false;
    return;
  }
  std::fprintf(stderr,
               "walletfuzz: candidate kind=%s handler=%s amplification=%.1f t=%.3f file=%s\n",
               std::string(kind_name(outcome.kind)).c_str(), handler.c_str(), amplification,
               started_s, path.c_str());
}

std::vector<std::string> positional_arguments(int* argc, char*** argv) {
  std::vector<std::string> inputs;
  if (argc == nullptr || argv == nullptr) return inputs;
  for (int i = 1; i < *argc; ++i) {
    std::string_view arg((*argv)[i]);
    if (!arg.empty() && arg.front() != '-') inputs.emplace_back(arg);
  }
  return inputs;
}

[[noreturn]] void finish(int code) {
  std::fflush(nullptr);
  std::exit(code);
}

int initialize(const FuzzTargetConfig& config, int* argc, char*** argv) {
  auto& s = state();
  // First: a bad variable is exit 2 before any work, and make_registry may read it.
  s.env = FuzzTargetEnv::from_environment();
  s.config = config;
  if (config.prepare) config.prepare();
  try {
    s.registry = config.make_registry();
  } catch (const InputError&) {
    throw;  // an application's own setting (WALLETFUZZ_SAMPLE_VARIANT), named already
  } catch (const std::invalid_argument& e) {
    // HandlerRegistry::add: a duplicate name or route, a route without '/', no function.
    throw RuntimeFailure(std::string("the application's handler registry is invalid: ") + e.what() +
                         " (fix: give each handler its own name and its own method and route)");
  } catch (const std::exception& e) {
    throw RuntimeFailure(std::string("the application's factory threw: ") + e.what() +
                         " (fix: the factory runs at start-up in every mode and must not throw)");
  }
  // A scenario's settings for these functions (walletfuzz fuzz passes them), before anything
  // reads a timeout or a memory size.
  apply_settings_overrides(s.registry, s.env.function_settings, "WALLETFUZZ_FUNCTION_SETTINGS");
  if (config.make_leak_scanner) s.scanner = config.make_leak_scanner();
  s.options.slow_ratio = s.env.slow_ratio;
  s.options.cost_is_latency = config.cost_is_latency;
  if (s.env.slow_ms) {
    s.options.slow_absolute =
        std::chrono::nanoseconds(static_cast<long long>(*s.env.slow_ms * 1e6));
  }
  if (const std::string& name = s.env.handler; !name.empty()) {
    s.pinned = s.registry.find(name);
    if (s.pinned == nullptr) {
      std::string known;
      for (const auto& spec : s.registry.handlers())
        known += (known.empty() ? "" : ", ") + spec.name;
      throw InputError({.field = "WALLETFUZZ_HANDLER"}, "unknown handler '" + name + "'",
                       "known handlers: " + known);
    }
  }

  auto inputs = positional_arguments(argc, argv);
  // The triage modes do their work here and end the process: libFuzzer must not start.
  switch (s.env.mode) {
    case TargetMode::fuzz:
      break;
    case TargetMode::list:
      finish(detail::run_list_mode());
    case TargetMode::export_seeds:
      finish(detail::run_export_mode(inputs));
    case TargetMode::measure:
      finish(detail::run_measure_mode(inputs));
    case TargetMode::minimize:
      finish(detail::run_minimize_mode(inputs));
    case TargetMode::check:
      finish(detail::run_check_mode(inputs));
    case TargetMode::serve:
      if (!config.serve) {
        throw InputError({.field = "WALLETFUZZ_MODE"}, "this target has no serve mode",
                         "build the application with walletfuzz_add_app");
      }
      finish(config.serve(s.registry, s.env.serve));
  }

  auto& log = candidates();
  log.dir = s.env.findings_dir;
  if (auto file = detail::fail_on_file(s.env.fail_on); !file.empty()) {
    if (!config.read_fail_on) {
      throw InputError({file.string(), 0, 0, "fail_on"}, "this target cannot fail on findings",
                       "build the application with walletfuzz_add_app, or remove the file");
    }
    log.fail_on = config.read_fail_on(file);
    // Said once, so that a report of a crash-<sha1> that is a slow input is not a mystery.
    std::fprintf(
        stderr, "walletfuzz: fail_on from %s: amplification=%s leak=%d oom=%d timeout=%d\n",
        file.c_str(),
        log.fail_on.amplification ? detail::amplification_text(*log.fail_on.amplification).c_str()
                                  : "off",
        log.fail_on.leak ? 1 : 0, log.fail_on.oom ? 1 : 0, log.fail_on.timeout ? 1 : 0);
  }
  FeedbackOptions feedback{.enabled = s.env.cost_feedback};
  if (s.pinned != nullptr) {
    const Baseline& baseline = detail::harness_for(*s.pinned).baseline();
    // CPU time within a few times the normal request's is scheduling noise, not a cost level.
    feedback.cpu_floor_ns = std::max<std::uint64_t>(4 * baseline.cpu_median_ns, 20'000);
    std::fprintf(
        stderr,
        "walletfuzz: handler=%s baseline_wall_ns=%llu baseline_cpu_ns=%llu "
        "slow_threshold_ns=%llu cost_feedback=%d\n",
        s.pinned->name.c_str(), static_cast<unsigned long long>(baseline.wall_median_ns),
        static_cast<unsigned long long>(baseline.cpu_median_ns),
        static_cast<unsigned long long>(detail::harness_for(*s.pinned).slow_threshold_ns()),
        feedback.enabled ? 1 : 0);
  } else {
    feedback.cpu_floor_ns = 200'000;
  }
  log.feedback = std::make_unique<CostFeedback>(extra_counters(), feedback);
  return 0;
}

}  // namespace

std::string_view walletfuzz_version() noexcept {
  return WALLETFUZZ_VERSION;
}

const FuzzTargetEnv& fuzz_target_env() noexcept {
  return state().env;
}

int initialize_fuzz_target(const FuzzTargetConfig& config, int* argc, char*** argv) {
  try {
    return initialize(config, argc, argv);
  } catch (const InputError& e) {
    std::fprintf(stderr, "walletfuzz: %s\n", e.what());
    std::exit(2);
  } catch (const RuntimeFailure& e) {
    std::fprintf(stderr, "walletfuzz: %s\n", e.what());
    std::exit(3);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "walletfuzz: fuzz target failed to start: %s\n", e.what());
    std::exit(3);
  }
}

// WALLETFUZZ_BARE=1: parse and invoke only, no measurement, leak scan or feedback. The
// "bare libFuzzer target" the harness overhead is measured against (bench/fuzz_compare.sh).
static int run_bare_input(std::string_view bytes) {
  const HandlerSpec* spec = state().pinned;
  ParseOutcome parsed = parse_request(bytes, state().options.limits);
  if (spec == nullptr || !parsed.request) return 0;
  // The same routing rule as the harness, so the overhead comparison is like for like.
  if (state().registry.route(parsed.request->method, parsed.request->path()) != spec) return 0;
  InvocationContext context("bare", spec->settings,
                            InvocationContext::Clock::now() + spec->settings.timeout);
  CurrentInvocation current(context);
  try {
    Response response = spec->invoke(*parsed.request, context);
    (void)response;
  } catch (...) {
  }
  return 0;
}

namespace {

void run_measured_input(std::string_view bytes, double started_s) {
  // Parsed once: routing and the invocation share it.
  ParseOutcome parsed = parse_request(bytes, state().options.limits);
  if (!parsed.request) return;
  InvocationHarness* harness = nullptr;
  try {
    harness = detail::harness_for_request(parsed);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "walletfuzz: %s\n", e.what());
    std::exit(2);
  }
  if (harness == nullptr) return;
  InvocationOutcome outcome = harness->run(*parsed.request);
  if (outcome.kind == FindingKind::crash) {
    // The format triage parses for the signature of an exception crash (no useful stack: the
    // exception was caught by the harness).
    std::fprintf(stderr, "==WALLETFUZZ== crash handler=%s exception=%s detail=%s\n",
                 harness->spec().name.c_str(), outcome.exception_type.c_str(),
                 outcome.detail.c_str());
    std::fflush(stderr);
    std::abort();
  }
  auto& log = candidates();
  // CPU time and wall time are re-measured before they are trusted: the faster of two runs
  // filters out preemption and page faults, which otherwise make noise look like a new cost
  // level, a new maximum or a slow input. Only then: a cost level already reached adds nothing
  // to libFuzzer whatever its exact value, and re-running every input above the CPU floor cost
  // up to half the exec/s on handlers whose normal inputs sit above it.
  // A finding that would fail the run is confirmed the same way, and only fails when the second
  // run is the same kind of finding: a loaded builder must not file noise as a bug.
  const bool may_fail =
      log.fail_on.any() && !detail::fail_on_verdict(log.fail_on, *harness, outcome,
                                                    observed_amplification(*harness, outcome.cost))
                                .empty();
  bool recheck =
      may_fail || outcome.kind == FindingKind::slow ||
      (log.feedback && log.feedback->cpu_time_is_new_level(outcome.cost.cpu_ns)) ||
      observed_amplification(*harness, outcome.cost) > log.best_amplification[harness->spec().name];
  bool confirmed = false;
  if (recheck) {
    InvocationOutcome again = harness->run(*parsed.request);
    outcome.cost.cpu_ns = std::min(outcome.cost.cpu_ns, again.cost.cpu_ns);
    outcome.cost.wall_ns = std::min(outcome.cost.wall_ns, again.cost.wall_ns);
    confirmed = again.kind == outcome.kind;
    if (outcome.kind == FindingKind::slow && again.kind != FindingKind::slow) {
      outcome.kind = FindingKind::none;
    }
  }
  if (may_fail && confirmed) {
    std::string verdict = detail::fail_on_verdict(log.fail_on, *harness, outcome,
                                                  observed_amplification(*harness, outcome.cost));
    if (!verdict.empty()) detail::fail_like_a_crash(verdict);
  }
  if (log.feedback) log.feedback->record(outcome.cost);
  note_candidate(*harness, outcome, bytes, started_s);
}

}  // namespace

int run_fuzz_input(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (state().env.bare) return run_bare_input(bytes);
  const double started_s = elapsed_s();
  run_measured_input(bytes, started_s);
  auto& log = candidates();
  log.climb_budget.account(log.input_climbed, elapsed_s() - started_s);
  log.input_climbed = false;
  return 0;
}

std::size_t mutate_fuzz_input(std::uint8_t* data, std::size_t size, std::size_t max_size,
                              unsigned seed, const ByteMutator& generic) {
  auto& log = candidates();
  // splitmix64 of the seed: the request mutator draws from a generator seeded with `seed` itself,
  // and its first draws must not decide the same way as this one.
  const std::uint64_t random = splitmix64(seed);
  // Half of the mutations climb, within half of the execution time: they start from one of the
  // most expensive inputs so far (cost_ladder.hpp) instead of the corpus entry libFuzzer chose.
  if (log.feedback_enabled() && log.climb_budget.should_climb(random)) {
    if (auto from = log.ladder.pick(random >> 1); from && from->size() <= max_size) {
      std::memcpy(data, from->data(), from->size());
      size = from->size();
      log.input_climbed = true;
    }
  }
  if (state().env.byte_mutations_only) return generic(data, size, max_size);
  return mutate_request_bytes(data, size, max_size, seed, generic);
}

}  // namespace walletfuzz::fuzzers
