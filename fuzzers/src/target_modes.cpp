// The triage modes of a fuzz target binary: list its handlers, measure inputs, minimise a slow
// or leaking input, check a regression corpus. `walletfuzz fuzz` runs them as child processes so
// that an input which hangs or kills the process cannot take the orchestrator down with it.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "target_state.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"
#include "walletfuzz/fuzzers/fuzz_dictionary.hpp"
#include "walletfuzz/fuzzers/request_minimizer.hpp"

namespace walletfuzz::fuzzers::detail {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxInputBytes = 1 << 20;

std::uint64_t median_of(std::vector<std::uint64_t> values) {
  if (values.empty()) return 0;
  auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

json::object baseline_json(const InvocationHarness& harness) {
  const Baseline& b = harness.baseline();
  return {{"wall_median_ns", b.wall_median_ns},
          {"cpu_median_ns", b.cpu_median_ns},
          {"work_units_median", b.work_units_median},
          {"peak_memory_median_bytes", b.peak_memory_median_bytes},
          {"request_bytes_median", b.request_bytes_median},
          {"slow_threshold_ns", harness.slow_threshold_ns()}};
}

void emit(const json::value& report) {
  std::string text = json::serialize(report) + "\n";
  if (const auto& path = state().env.report; !path.empty()) {
    write_file_atomically(path, text);
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
}

// Expands directories into the files below them, sorted so reports are in a stable order.
std::vector<std::filesystem::path> expand(const std::vector<std::string>& inputs) {
  std::vector<std::filesystem::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(input)) {
        if (entry.is_regular_file() && entry.path().extension() == ".http") {
          found.push_back(entry.path());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.emplace_back(input);
    }
  }
  return files;
}

// Several runs of one input: the most frequent finding kind, how often it showed, and medians.
struct Measurement {
  FindingKind kind = FindingKind::none;
  int shown = 0;
  int runs = 0;
  std::size_t request_bytes = 0;
  CostSample cost;         ///< medians
  InvocationOutcome last;  ///< the last run showing `kind` (detail, leak, status)
};

Measurement measure(const InvocationHarness& harness, std::string_view bytes, int runs) {
  Measurement m;
  std::map<FindingKind, int> counts;
  std::vector<std::uint64_t> wall, cpu, work, memory;
  std::vector<InvocationOutcome> outcomes;
  // Three runs that all show the same finding settle an input whose runs take seconds (a
  // ReDoS input, a timeout): more runs would refine a median far from any threshold, and five
  // runs of each slow candidate were most of a campaign's triage. Cheap inputs get every run,
  // where more samples are what separates a finding from timing noise.
  constexpr int kSettlingRuns = 3;
  constexpr std::uint64_t kExpensiveNs = 1'000'000'000;
  std::uint64_t spent_ns = 0;
  for (int i = 0; i < runs; ++i) {
    InvocationOutcome outcome = harness.run(bytes);
    ++counts[outcome.kind];
    spent_ns += outcome.cost.wall_ns;
    wall.push_back(outcome.cost.wall_ns);
    cpu.push_back(outcome.cost.cpu_ns);
    work.push_back(outcome.cost.work_units);
    memory.push_back(outcome.cost.peak_memory_bytes);
    const FindingKind kind = outcome.kind;
    outcomes.push_back(std::move(outcome));
    const int done = i + 1;
    if (done >= kSettlingRuns && spent_ns >= kExpensiveNs && kind != FindingKind::none &&
        counts[kind] == done) {
      break;
    }
  }
  m.runs = static_cast<int>(outcomes.size());
  m.request_bytes = bytes.size();
  for (const auto& [kind, count] : counts) {
    if (kind == FindingKind::none) continue;
    if (count > m.shown) {
      m.kind = kind;
      m.shown = count;
    }
  }
  for (auto& outcome : outcomes) {
    if (outcome.kind == m.kind) m.last = outcome;
  }
  m.cost = {.wall_ns = median_of(wall),
            .cpu_ns = median_of(cpu),
            .work_units = median_of(work),
            .peak_memory_bytes = median_of(memory)};
  // Slow is a statement about the typical run, not the unluckiest one: the median must be slow.
  if (m.kind == FindingKind::slow && m.shown * 2 <= m.runs) {
    m.kind = FindingKind::none;
    m.shown = 0;
  }
  return m;
}

json::object measurement_json(const InvocationHarness& harness, const Measurement& m) {
  json::object out{
      {"handler", harness.spec().name},
      {"kind", kind_name(m.kind)},
      {"shown", m.shown},
      {"runs", m.runs},
      {"median_wall_ns", m.cost.wall_ns},
      {"median_cpu_ns", m.cost.cpu_ns},
      {"work_units", m.cost.work_units},
      {"peak_memory_bytes", m.cost.peak_memory_bytes},
      {"amplification", harness.amplification(m.cost)},
      {"request_bytes", m.request_bytes},
      {"size_aware_amplification", harness.size_aware_amplification(m.cost, m.request_bytes)},
      {"status", m.last.status},
      {"detail", m.last.detail},
      {"exception_type", m.last.exception_type},
      {"baseline", baseline_json(harness)}};
  if (m.last.leak) {
    out["leak"] = {{"family", m.last.leak->family},
                   {"rule", m.last.leak->rule},
                   {"severity", m.last.leak->severity},
                   {"fingerprint", m.last.leak->fingerprint}};
  }
  return out;
}

int runs_from_env() {
  return state().env.runs;
}

}  // namespace

int run_list_mode() {
  json::array handlers;
  for (const HandlerInfo& h : describe_handlers(state().registry)) {
    json::array baselines;
    for (const auto& request : h.baseline_requests) baselines.emplace_back(request);
    handlers.push_back(json::object{{"name", h.name},
                                    {"method", h.method},
                                    {"route", h.route},
                                    {"memory_mb", h.memory_mb},
                                    {"timeout_ms", h.timeout.count()},
                                    {"reserved_concurrency", h.reserved_concurrency},
                                    {"description", h.description},
                                    {"baseline_requests", std::move(baselines)}});
  }
  emit(json::object{{"walletfuzz_app", state().config.app_name},
                    {"walletfuzz_version", walletfuzz_version()},
                    {"engine", state().config.engine},
                    {"fuzz_build_command", state().config.fuzz_build_command},
                    {"handlers", std::move(handlers)}});
  return 0;
}

int run_export_mode(const std::vector<std::string>& inputs) {
  if (inputs.size() != 2) {
    throw InputError({.field = "WALLETFUZZ_MODE=export"}, "needs DICTIONARY_FILE SEED_DIR");
  }
  // What OSS-Fuzz / ClusterFuzzLite read beside a target: one dictionary for every handler it
  // may be run on, and every baseline request as a seed (zipped by the build script).
  std::vector<HandlerVocabulary> vocabulary;
  std::filesystem::path seeds(inputs[1]);
  std::size_t written = 0;
  for (const auto& spec : state().registry.handlers()) {
    if (state().pinned != nullptr && state().pinned != &spec) continue;
    vocabulary.push_back({.route = spec.route, .baseline_requests = spec.baseline_requests});
    for (std::size_t i = 0; i < spec.baseline_requests.size(); ++i) {
      write_file_atomically(seeds / (spec.name + "-" + std::to_string(i) + ".http"),
                            spec.baseline_requests[i]);
      ++written;
    }
  }
  write_file_atomically(inputs[0], make_dictionary(vocabulary));
  emit(json::object{{"dictionary", inputs[0]}, {"seed_dir", inputs[1]}, {"seeds", written}});
  return 0;
}

int run_measure_mode(const std::vector<std::string>& inputs) {
  int runs = runs_from_env();
  json::array results;
  for (const auto& file : expand(inputs)) {
    std::string bytes = read_file(file, kMaxInputBytes);
    InvocationHarness* harness = harness_for_input(bytes);
    if (harness == nullptr) {
      results.push_back(json::object{{"file", file.string()},
                                     {"kind", "rejected"},
                                     {"detail", "not a request for any handler of this target"}});
      continue;
    }
    harness->run(bytes);  // warm-up, as for the baseline
    json::object entry = measurement_json(*harness, measure(*harness, bytes, runs));
    entry["file"] = file.string();
    results.push_back(std::move(entry));
  }
  emit(json::object{{"inputs", std::move(results)}});
  return 0;
}

int run_minimize_mode(const std::vector<std::string>& inputs) {
  if (inputs.size() != 2) {
    throw InputError({.field = "minimize mode"}, "needs two arguments: INPUT OUTPUT");
  }
  std::string bytes = read_file(inputs[0], kMaxInputBytes);
  ParseOutcome parsed = parse_request(bytes, state().options.limits);
  InvocationHarness* harness = harness_for_input(bytes);
  if (!parsed.request || harness == nullptr) {
    throw InputError({.file = inputs[0]}, "not a request for any handler of this target");
  }
  const auto started = std::chrono::steady_clock::now();
  Measurement original = measure(*harness, bytes, 3);
  double keep_ratio = state().env.keep_ratio;
  // One evaluation measures a candidate as the original was just measured, so it takes about
  // as long: an input of seconds does not start an evaluation the time left cannot hold.
  MinimizeBudget budget{
      .max_evaluations = 400,
      .max_time = state().env.minimize_time,
      .expected_evaluation = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started)};
  MinimizeResult result{.request = *parsed.request};
  if (original.kind == FindingKind::slow) {
    // CPU time (or delegated work) rather than wall time: it is what slowness is made of and it
    // is far less noisy between runs, so 90% means 90% of the work, not of a lucky timing.
    bool by_work = original.cost.work_units > 0 && harness->baseline().work_units_median > 0 &&
                   harness->baseline().cpu_median_ns > 0 &&
                   original.cost.work_units / harness->baseline().work_units_median >
                       original.cost.cpu_ns / harness->baseline().cpu_median_ns;
    result = minimize_preserving_cost(
        *parsed.request,
        [&](const Request& candidate) {
          Measurement m = measure(*harness, serialize_request(candidate), 3);
          return static_cast<double>(by_work ? m.cost.work_units : m.cost.cpu_ns);
        },
        keep_ratio, budget);
  } else if (original.kind == FindingKind::leak || original.kind == FindingKind::oom) {
    std::string rule = original.last.leak ? original.last.leak->rule : std::string();
    result = minimize_request(
        *parsed.request,
        [&](const Request& candidate) {
          InvocationOutcome outcome = harness->run(serialize_request(candidate));
          return outcome.kind == original.kind && (!outcome.leak || outcome.leak->rule == rule);
        },
        budget);
  }
  std::string minimized = serialize_request(result.request);
  write_file_atomically(inputs[1], minimized);
  emit(json::object{{"kind", kind_name(original.kind)},
                    {"original_bytes", bytes.size()},
                    {"minimized_bytes", minimized.size()},
                    {"evaluations", result.evaluations},
                    {"budget_exhausted", result.budget_exhausted}});
  return 0;
}

namespace {

// Slow, timeout and oom are one defect seen from different limits: whether a run of an input
// whose work grows with a number ends past the timeout, past the memory size or just under both
// depends on how fast the machine is at the time. A campaign finds them under load; a quiet
// replay may land on another of the three, which still reproduces the finding. Leaks and crashes
// have no such neighbours.
bool same_cost_family(FindingKind seen, FindingKind expected) {
  auto costly = [](FindingKind k) {
    return k == FindingKind::slow || k == FindingKind::timeout || k == FindingKind::oom;
  };
  return costly(seen) && costly(expected);
}

// A check child reports the kind it measured as its exit code, kKindExitBase + the kind.
constexpr int kKindExitBase = 20;
constexpr int kNoHandlerExit = 10;  // the input routes to no handler of this target

// The kind a check child saw, from how it ended: its exit code, a runaway input's SIGALRM (a
// timeout), or a crash (any other signal, or any other exit code: a sanitizer report ends the
// child with 1 or its own exitcode). nullopt: the input routes to no handler.
std::optional<FindingKind> observed_kind(int status) {
  if (WIFSIGNALED(status)) {
    return WTERMSIG(status) == SIGALRM ? FindingKind::timeout : FindingKind::crash;
  }
  int code = WEXITSTATUS(status);
  if (code >= kKindExitBase && code <= kKindExitBase + static_cast<int>(FindingKind::leak)) {
    return static_cast<FindingKind>(code - kKindExitBase);
  }
  if (code == kNoHandlerExit) return std::nullopt;
  return FindingKind::crash;
}

}  // namespace

int run_check_mode(const std::vector<std::string>& inputs) {
  bool expect_findings = state().env.expect_findings;
  int mismatches = 0;
  int checked = 0;
  for (const auto& file : expand(inputs)) {
    std::string name = file.stem().string();
    auto kind = parse_kind(name.substr(0, name.find('-')));
    if (!kind) {
      std::fprintf(stderr, "check: %s: file name does not start with a finding kind\n",
                   file.c_str());
      ++mismatches;
      continue;
    }
    std::string bytes = read_file(file, kMaxInputBytes);
    // Each input runs in a child process: a crash or a runaway input must not end the check.
    std::fflush(nullptr);
    pid_t child = fork();
    if (child < 0) throw RuntimeFailure("check: fork failed");
    if (child == 0) {
      InvocationHarness* harness = harness_for_input(bytes);
      if (harness == nullptr) _exit(kNoHandlerExit);
      unsigned timeout_s =
          static_cast<unsigned>(harness->spec().settings.timeout.count() / 1000) * 3 + 5;
      alarm(timeout_s);  // a runaway input is a timeout
      Measurement m = measure(*harness, bytes, 3);
      _exit(kKindExitBase + static_cast<int>(m.kind));
    }
    int status = 0;
    waitpid(child, &status, 0);
    std::optional<FindingKind> seen = observed_kind(status);
    bool reproduced = seen && (*seen == *kind || same_cost_family(*seen, *kind));
    bool clean = seen == FindingKind::none;
    bool ok = expect_findings ? reproduced : clean;
    ++checked;
    if (!ok) ++mismatches;
    std::string verdict = !ok ? (expect_findings ? "does not reproduce" : "still a finding")
                          : expect_findings && *seen != *kind
                              ? "ok (as " + std::string(kind_name(*seen)) +
                                    ": slow, timeout and oom differ only in which limit a run "
                                    "reached first)"
                              : "ok";
    std::fprintf(stderr, "check: %s: %s\n", file.c_str(), verdict.c_str());
  }
  std::fprintf(stderr, "check: %d inputs, %d mismatches\n", checked, mismatches);
  return mismatches == 0 ? 0 : 1;
}

}  // namespace walletfuzz::fuzzers::detail
