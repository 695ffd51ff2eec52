// The fuzzing phase of `walletfuzz fuzz`: checks, one libFuzzer process per handler scheduled on
// N slots within the time budget, progress, then triage and findings.json.
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "campaign_internal.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/fuzzers/child_process.hpp"
#include "walletfuzz/fuzzers/findings_file.hpp"
#include "walletfuzz/fuzzers/fuzz_dictionary.hpp"

namespace walletfuzz::fuzzers {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::atomic<bool> stop_requested{false};

// One handler's share of the budget: a libFuzzer process, restarted after each crash until the
// share is used up (libFuzzer stops at the first crash; the rest of the share is still owed).
struct Session {
  const HandlerInfo* handler = nullptr;
  Clock::time_point deadline;
  std::optional<ChildProcess> child;
  fs::path log;
  std::uintmax_t log_offset = 0;
  HandlerStats stats;                ///< stats.execs: every process's executions, added up
  std::uint64_t finished_execs = 0;  ///< of the processes that have ended
  std::uint64_t process_execs = 0;   ///< of the current process, as its log last said
  double best_amplification = 0;
  int processes = 0;
  std::string last_defect;  ///< what ended the previous process ("" = not a defect)
  int same_defect_in_a_row = 0;
  Clock::time_point process_started;
  bool done = false;
};

void ensure_writable_dir(const fs::path& dir, std::string_view what) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw RuntimeFailure(std::string(what) + " " + dir.string() +
                         " cannot be created: " + ec.message());
  try {
    write_file_atomically(dir / ".walletfuzz-write-probe", "ok");
  } catch (const std::exception& e) {
    throw RuntimeFailure(std::string(what) + " " + dir.string() + " is not writable: " + e.what());
  }
  fs::remove(dir / ".walletfuzz-write-probe", ec);
}

// A corpus entry libFuzzer cannot load would abort the whole process at start-up with a
// message about the file system, not about the entry; say which file before starting anything.
void check_corpus(const fs::path& dir, std::size_t max_bytes) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.filename().string().front() == '.') continue;
    if (!it->is_regular_file(ec)) {
      throw InputError({.file = path.string()}, "corpus entry is not a regular file",
                       "remove it; corpus directories hold request files only");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError({.file = path.string()}, "corpus entry cannot be read");
    if (it->file_size(ec) > max_bytes) {
      throw InputError({.file = path.string()},
                       "corpus entry is larger than " + std::to_string(max_bytes) + " bytes",
                       "it cannot have come from fuzzing; remove it or raise the size limit");
    }
  }
  if (ec)
    throw RuntimeFailure("cannot list corpus directory " + dir.string() + ": " + ec.message());
}

// libFuzzer's status lines: "#12345	NEW    cov: 1 ft: 2 corp: 12/345b ... exec/s: 1000 ...".
void scan_log(Session& session) {
  std::error_code ec;
  auto size = fs::file_size(session.log, ec);
  if (ec || size <= session.log_offset) return;
  std::ifstream in(session.log, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(session.log_offset));
  std::string chunk(size - session.log_offset, '\0');
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  // Only whole lines; a half-written last line is read again next time.
  std::size_t last_newline = chunk.rfind('\n');
  if (last_newline == std::string::npos) return;
  chunk.resize(last_newline + 1);
  session.log_offset += chunk.size();
  std::size_t pos = 0;
  while (pos < chunk.size()) {
    std::size_t end = chunk.find('\n', pos);
    std::string_view line(chunk.data() + pos, end - pos);
    pos = end + 1;
    if (line.size() > 1 && line[0] == '#') {
      session.process_execs = std::max<std::uint64_t>(
          session.process_execs, std::strtoull(std::string(line.substr(1)).c_str(), nullptr, 10));
      session.stats.execs = session.finished_execs + session.process_execs;
      if (auto corp = line.find("corp: "); corp != std::string_view::npos) {
        session.stats.corpus_entries =
            std::strtoull(std::string(line.substr(corp + 6)).c_str(), nullptr, 10);
      }
    } else if (line.rfind("walletfuzz: max-amplification", 0) == 0) {
      if (auto at = line.find("amplification="); at != std::string_view::npos) {
        session.best_amplification =
            std::max(session.best_amplification,
                     std::strtod(std::string(line.substr(at + 14)).c_str(), nullptr));
      }
    }
  }
}

std::size_t count_files(const fs::path& dir, std::map<std::string, std::size_t>& by_kind) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::string kind = name.substr(0, name.find('-'));
    if (kind == "slow" && name.rfind("slow-unit", 0) == 0) kind = "slow";
    if (!parse_kind(kind)) continue;
    ++by_kind[kind];
    ++n;
  }
  return n;
}

// What ended a libFuzzer process, from the last artifact its log says it wrote: the crash's
// signature, or the kind of engine limit; "" when it wrote none (time or executions ended it).
std::string ending_defect(const fs::path& log, const std::string& handler) {
  std::error_code ec;
  if (!fs::exists(log, ec)) return {};
  auto written = reports_by_artifact(read_file(log, 64 << 20));
  if (written.empty()) return {};
  const auto& [artifact, report] = written.back();
  if (artifact.rfind("crash-", 0) == 0) return "crash:" + crash_signature(handler, report);
  if (artifact.rfind("timeout-", 0) == 0) return "timeout";
  if (artifact.rfind("oom-", 0) == 0) return "oom";
  return {};
}

void start_process(Session& session, const TargetInfo& target, const CampaignOptions& options,
                   const detail::WorkLayout& layout) {
  const auto& h = *session.handler;
  double remaining = std::chrono::duration<double>(session.deadline - Clock::now()).count();
  ++session.processes;
  session.log = layout.logs() / (h.name + "-" + std::to_string(session.processes) + ".log");
  session.log_offset = 0;
  session.finished_execs += session.process_execs;
  session.process_execs = 0;
  ProcessSpec spec{
      .argv = {target.binary.string(),
               "-seed=" +
                   std::to_string(options.seed + static_cast<std::uint64_t>(session.processes - 1)),
               "-max_total_time=" + std::to_string(std::max(1, static_cast<int>(remaining))),
               "-timeout=" + std::to_string(detail::libfuzzer_timeout_s(h)),
               "-rss_limit_mb=" + std::to_string(options.rss_limit_mb),
               "-max_len=" + std::to_string(options.max_len),
               "-dict=" + layout.dictionary(h.name).string(),
               "-artifact_prefix=" + layout.artifacts(h.name).string() + "/",
               "-print_final_stats=1",
               "-detect_leaks=0",  // information leaks are ours; memory leaks are not findings here
               "-reload=0"},
      .env = detail::process_env(detail::handler_env(target, options, h.name)),
      .stdout_path = {},
      .stderr_path = session.log};
  if (options.execs_per_handler > 0) {
    // What the processes before this one (ended by crashes) ran is deducted.
    std::uint64_t done = session.finished_execs;
    spec.argv.push_back("-runs=" + std::to_string(options.execs_per_handler > done
                                                      ? options.execs_per_handler - done
                                                      : 1));
  }
  spec.argv.push_back((options.corpus_dir / h.name).string());
  spec.argv.push_back(layout.seeds(h.name).string());
  session.child.emplace(spec);
  session.process_started = Clock::now();
}

std::string progress_line(const std::vector<Session>& sessions, const detail::WorkLayout& layout,
                          double elapsed, double budget) {
  std::uint64_t execs = 0;
  std::uint64_t corpus = 0;
  double best = 0;
  int running = 0;
  std::map<std::string, std::size_t> by_kind;
  for (const auto& s : sessions) {
    execs += s.stats.execs;
    corpus += s.stats.corpus_entries;
    best = std::max(best, s.best_amplification);
    running += s.child && !s.done ? 1 : 0;
    count_files(layout.artifacts(s.handler->name), by_kind);
    count_files(layout.candidates(s.handler->name), by_kind);
  }
  std::string kinds;
  for (const auto& [kind, n] : by_kind) kinds += " " + kind + ":" + std::to_string(n);
  char line[320];
  std::snprintf(line, sizeof line,
                "fuzz %4.0fs/%.0fs  running %d  execs %llu (%.0f/s)  corpus %llu  candidates%s  "
                "max amplification %.0fx",
                elapsed, budget, running, static_cast<unsigned long long>(execs),
                elapsed > 0 ? static_cast<double>(execs) / elapsed : 0.0,
                static_cast<unsigned long long>(corpus), kinds.empty() ? " none" : kinds.c_str(),
                best);
  return line;
}

void prepare_handler(const HandlerInfo& h, const CampaignOptions& options,
                     const detail::WorkLayout& layout) {
  fs::path corpus = options.corpus_dir / h.name;
  ensure_writable_dir(corpus, "corpus directory");
  check_corpus(corpus, std::max<std::size_t>(options.max_len, 1 << 20));
  for (std::size_t i = 0; i < h.baseline_requests.size(); ++i) {
    write_file_atomically(layout.seeds(h.name) / ("baseline-" + std::to_string(i) + ".http"),
                          h.baseline_requests[i]);
  }
  write_file_atomically(layout.dictionary(h.name), make_dictionary(h.route, h.baseline_requests));
  fs::create_directories(layout.artifacts(h.name));
  fs::create_directories(layout.candidates(h.name));
}

// Runs the sessions: at most `jobs` processes at once, each handler for its share of the budget.
std::vector<HandlerStats> fuzz_handlers(const TargetInfo& target, const CampaignOptions& options,
                                        const detail::WorkLayout& layout) {
  std::vector<Session> sessions;
  for (const auto& name : options.handlers) sessions.push_back({.handler = target.find(name)});
  unsigned jobs = std::max(1U, options.jobs);
  auto started = Clock::now();
  auto budget_end =
      started + std::chrono::milliseconds(static_cast<long long>(options.time_budget_s * 1000));
  std::deque<std::size_t> waiting;
  for (std::size_t i = 0; i < sessions.size(); ++i) waiting.push_back(i);
  std::vector<std::size_t> active;
  auto last_progress = Clock::now() - std::chrono::seconds(10);

  while (!waiting.empty() || !active.empty()) {
    auto now = Clock::now();
    bool stopping = stop_requested.load() || now >= budget_end + std::chrono::seconds(5);
    // No new process in the last second of the budget: it would only load its corpus.
    bool may_start = now + std::chrono::seconds(1) < budget_end;
    // Handlers not yet started run in rounds of `jobs`; each gets the time left divided by the
    // rounds left, so the last round is not cut short (7 handlers on 2 jobs: 4 rounds of
    // budget/4) and time a handler does not use (its executions done, -runs) goes to the ones
    // after it.
    const std::size_t rounds_left = (waiting.size() + jobs - 1) / jobs;
    const auto share = rounds_left == 0 ? Clock::duration::zero()
                                        : (budget_end - now) / static_cast<long>(rounds_left);
    while (!stopping && may_start && active.size() < jobs && !waiting.empty()) {
      Session& s = sessions[waiting.front()];
      waiting.pop_front();
      s.deadline = std::min(budget_end, now + share);
      s.stats.handler = s.handler->name;
      start_process(s, target, options, layout);
      active.push_back(static_cast<std::size_t>(&s - sessions.data()));
    }
    if (stopping || !may_start) waiting.clear();
    for (auto it = active.begin(); it != active.end();) {
      Session& s = sessions[*it];
      scan_log(s);
      if (stopping) s.child->terminate();
      auto result = s.child->poll();
      if (!result) {
        // libFuzzer checks -max_total_time only between inputs: a slow input can overrun it.
        // A process that ignores SIGTERM too (seen once: deadlocked inside ASan's allocator at
        // exit) is killed 10 s later, so one stuck process cannot hold up the whole campaign.
        const auto overrun =
            s.deadline + std::chrono::seconds(detail::libfuzzer_timeout_s(*s.handler) + 5);
        if (Clock::now() > overrun + std::chrono::seconds(10)) {
          s.child->kill();
        } else if (Clock::now() > overrun) {
          s.child->terminate();
        }
        ++it;
        continue;
      }
      scan_log(s);
      s.stats.fuzz_seconds +=
          std::chrono::duration<double>(Clock::now() - s.process_started).count();
      bool time_left = Clock::now() + std::chrono::seconds(1) < s.deadline;
      bool execs_left = options.execs_per_handler == 0 || s.stats.execs < options.execs_per_handler;
      bool crashed = result->exit_code != 0 || result->signal != 0;
      bool started_ok = s.stats.execs > 0 || s.log_offset > 0;
      if (crashed) {
        std::string defect = ending_defect(s.log, s.handler->name);
        s.same_defect_in_a_row =
            !defect.empty() && defect == s.last_defect ? s.same_defect_in_a_row + 1 : 1;
        s.last_defect = std::move(defect);
      }
      bool repeating = options.same_defect_limit > 0 && !s.last_defect.empty() &&
                       s.same_defect_in_a_row >= static_cast<int>(options.same_defect_limit);
      if (repeating) s.stats.stopped_on = s.last_defect;
      if (crashed && !started_ok && s.processes == 1) {
        s.stats.failure =
            "fuzz target failed to start (" + result->describe() + "), see " + s.log.string();
      } else if (crashed && time_left && execs_left && !stopping && !repeating &&
                 s.processes < 200) {
        ++s.stats.restarts;
        start_process(s, target, options, layout);
        ++it;
        continue;
      }
      s.done = true;
      it = active.erase(it);
    }
    if (options.progress && Clock::now() - last_progress >= std::chrono::seconds(1)) {
      last_progress = Clock::now();
      options.progress(progress_line(sessions, layout,
                                     std::chrono::duration<double>(Clock::now() - started).count(),
                                     options.time_budget_s));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::vector<HandlerStats> stats;
  for (auto& s : sessions) stats.push_back(std::move(s.stats));
  return stats;
}

}  // namespace

namespace detail {

FuzzTargetEnv handler_env(const TargetInfo& target, const CampaignOptions& options,
                          const std::string& handler) {
  FuzzTargetEnv env = target.env;
  env.handler = handler;
  env.mode = TargetMode::fuzz;
  env.cost_feedback = options.cost_feedback;
  env.slow_ratio = options.slow_ratio;
  env.slow_ms = options.slow_ms;
  env.findings_dir = options.run_dir / ".fuzz" / "candidates" / handler;
  // The campaign triages candidates itself; a fail_on file shipped beside the binary for
  // ClusterFuzzLite must not turn them into aborts here.
  env.fail_on = "off";
  return env;
}

std::map<std::string, std::string> process_env(const FuzzTargetEnv& target_env,
                                               StackFrames frames) {
  auto env = target_env.encode();
  // ASan: fail fast and quietly on the first report; symbolised frames for crash signatures.
  const std::string symbolize = frames == StackFrames::raw ? ":symbolize=0" : "";
  env.try_emplace("ASAN_OPTIONS",
                  "abort_on_error=0:detect_leaks=0:allocator_may_return_null=1" + symbolize);
  env.try_emplace("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1" + symbolize);
  return env;
}

int libfuzzer_timeout_s(const HandlerInfo& handler) {
  return 2 * static_cast<int>((handler.timeout.count() + 999) / 1000) + 2;
}

}  // namespace detail

void request_campaign_stop() noexcept {
  stop_requested.store(true);
}

CampaignResult run_campaign(const TargetInfo& target, const CampaignOptions& options) {
  if (target.engine != "libfuzzer") {
    const std::string fix = !target.fuzz_build_command.empty()
                                ? target.fuzz_build_command
                                : "cmake --preset fuzz && cmake --build --preset fuzz --target " +
                                      target.binary.filename().string();
    throw RuntimeFailure(
        "application " + target.binary.string() + " is a " + target.engine +
        " build, which cannot fuzz (it was compiled without libFuzzer); fix: " + fix);
  }
  for (const auto& name : options.handlers) {
    if (target.find(name) == nullptr) {
      throw InputError({.field = "fuzz.handlers"}, "unknown handler '" + name + "'");
    }
  }
  detail::WorkLayout layout{.root = options.run_dir / ".fuzz"};
  ensure_writable_dir(options.run_dir, "run directory");
  ensure_writable_dir(layout.logs(), "run directory");
  for (const auto& name : options.handlers) prepare_handler(*target.find(name), options, layout);

  CampaignResult result;
  result.stats = fuzz_handlers(target, options, layout);
  for (const auto& s : result.stats) {
    if (!s.failure.empty()) result.warnings.push_back(s.handler + ": " + s.failure);
    if (!s.stopped_on.empty()) {
      result.warnings.push_back(
          s.handler + ": search ended early: " + std::to_string(options.same_defect_limit) +
          " processes in a row stopped at the same " + s.stopped_on +
          " (fix it, or raise fuzz.same_defect_limit, to search past it); its time went to the "
          "handlers after it");
    }
  }

  auto previous = read_findings(options.run_dir / "findings.json");
  std::set<std::string> known;
  for (const auto& f : previous) known.insert(f.signature);
  auto fresh = detail::triage_campaign(target, options, layout, result.warnings);
  for (const auto& f : fresh) result.new_findings += known.count(f.signature) == 0 ? 1 : 0;
  result.findings = merge_findings(std::move(previous), std::move(fresh));
  write_findings(options.run_dir, result.findings, utc_now_iso8601());

  bool all_failed = !result.stats.empty() &&
                    std::all_of(result.stats.begin(), result.stats.end(),
                                [](const HandlerStats& s) { return !s.failure.empty(); });
  if (all_failed) {
    throw RuntimeFailure("fuzz target " + target.binary.string() +
                         " failed to start: " + result.stats.front().failure);
  }
  return result;
}

}  // namespace walletfuzz::fuzzers
