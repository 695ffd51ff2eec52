// Triage of a fuzzing run: every artifact and candidate is re-run in a child process to confirm
// it and measure its cost (median of several runs beside the handler's baseline median), grouped
// by signature, the worst of each group minimised, and turned into findings.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "campaign_internal.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/detectors/redaction.hpp"
#include "walletfuzz/fuzzers/child_process.hpp"
#include "walletfuzz/fuzzers/findings_file.hpp"
#include "walletfuzz/fuzzers/scale_probe.hpp"

namespace walletfuzz::fuzzers::detail {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int kCrashRuns = 3;
// libFuzzer runs an input a second time to look for memory leaks, which are not findings here
// (ASan's leak detection is off, process_env): a timeout input would otherwise run twice.
constexpr const char* kNoLeakRerun = "-detect_leaks=0";

// Everything one handler's triage needs, and where it reports problems.
struct HandlerTriage {
  const TargetInfo& target;
  const CampaignOptions& options;
  const WorkLayout& layout;
  const HandlerInfo& handler;
  std::vector<std::string>& warnings;
  std::mutex& warnings_mutex;
  fs::path scratch;
  std::uint64_t baseline_ns = 0;
  int counter = 0;
  /// Slow only for their size (the size-aware verdict said no): kept until scale probing says
  /// whether the cost grows faster than the size.
  std::set<std::string> size_only;
  double probe_s = 0;  ///< time spent scale probing (docs/PERFORMANCE.md keeps it under 20%)

  void warn(const std::string& text) {
    std::lock_guard lock(warnings_mutex);
    warnings.push_back(handler.name + ": " + text);
  }
  fs::path scratch_file(std::string_view stem) {
    return scratch / (std::string(stem) + "-" + std::to_string(++counter));
  }
  FuzzTargetEnv env() const {
    FuzzTargetEnv e = handler_env(target, options, handler.name);
    e.findings_dir.clear();  // re-runs must not add candidates
    return e;
  }
  std::chrono::milliseconds run_limit(int runs) const {
    return std::chrono::milliseconds((runs + 2) * (handler.timeout.count() + 1000) + 20'000);
  }
};

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  return read_file(path, 64 << 20);
}

// Measure mode in a child process: the JSON entry for `file`, or nullopt (with the reason in
// `why`) when the process did not finish.
std::optional<json::object> measure(HandlerTriage& t, const fs::path& file, int runs,
                                    std::string& why) {
  fs::path report = t.scratch_file("measure") += ".json";
  FuzzTargetEnv env = t.env();
  env.mode = TargetMode::measure;
  env.runs = runs;
  env.report = report;
  fs::path log = t.scratch_file("measure") += ".log";
  ProcessResult result = run_process({.argv = {t.target.binary.string(), file.string()},
                                      .env = process_env(env),
                                      .stderr_path = log},
                                     t.run_limit(runs));
  if (!result.exited_normally() || result.exit_code != 0) {
    why = result.describe();
    return std::nullopt;
  }
  json::error_code ec;
  json::value root = json::parse(read_text(report), ec, {}, {.allow_invalid_utf8 = true});
  if (ec || !root.is_object() || root.at("inputs").as_array().empty()) {
    why = "unreadable measure report";
    return std::nullopt;
  }
  return root.at("inputs").as_array().front().as_object();
}

std::uint64_t u64(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<std::uint64_t>() : 0;
}

std::string human_ns(std::uint64_t ns) {
  char text[32];
  if (ns >= 1'000'000'000) {
    std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(ns) / 1e9);
  } else if (ns >= 1'000'000) {
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(ns) / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.0f us", static_cast<double>(ns) / 1e3);
  }
  return text;
}

// A finding from a measure-mode entry (slow, leak, oom, timeout shown in-process).
std::optional<Finding> from_measurement(HandlerTriage& t, const json::object& m,
                                        const std::string& request) {
  auto kind = parse_kind(std::string(m.at("kind").as_string()));
  if (!kind || *kind == FindingKind::none || *kind == FindingKind::rejected) return std::nullopt;
  Finding f{.handler = t.handler.name, .kind = *kind, .request = request};
  const auto& b = m.at("baseline").as_object();
  f.median_ns = u64(m, "median_wall_ns");
  f.baseline_median_ns = u64(b, "wall_median_ns");
  f.work_units = u64(m, "work_units");
  f.peak_memory_bytes = u64(m, "peak_memory_bytes");
  f.amplification = m.at("amplification").to_number<double>();
  f.request_bytes = u64(m, "request_bytes");
  f.baseline_request_bytes = u64(b, "request_bytes_median");
  if (const json::value* v = m.if_contains("size_aware_amplification")) {
    f.size_aware_amplification = v->to_number<double>();
  }
  auto c = confirm(static_cast<int>(u64(m, "shown")), static_cast<int>(u64(m, "runs")));
  f.reproducible = c.reproducible;
  f.flaky = c.flaky;
  switch (*kind) {
    case FindingKind::slow: {
      CostSample cost{.wall_ns = f.median_ns,
                      .cpu_ns = u64(m, "median_cpu_ns"),
                      .work_units = f.work_units,
                      .peak_memory_bytes = f.peak_memory_bytes};
      Baseline base{.wall_median_ns = f.baseline_median_ns,
                    .cpu_median_ns = u64(b, "cpu_median_ns"),
                    .work_units_median = u64(b, "work_units_median"),
                    .peak_memory_median_bytes = u64(b, "peak_memory_median_bytes")};
      f.signature = slow_signature(t.handler.name, cost, base);
      char text[240];
      std::snprintf(text, sizeof text,
                    "%s takes %s instead of %s (%.0fx its baseline; %.1fx per request byte)",
                    t.handler.name.c_str(), human_ns(f.median_ns).c_str(),
                    human_ns(f.baseline_median_ns).c_str(), f.amplification,
                    f.size_aware_amplification.value_or(f.amplification));
      f.summary = text;
      break;
    }
    case FindingKind::leak: {
      const auto& leak = m.at("leak").as_object();
      f.leak = LeakHit{.family = std::string(leak.at("family").as_string()),
                       .rule = std::string(leak.at("rule").as_string()),
                       .severity = std::string(leak.at("severity").as_string()),
                       .fingerprint = leak.contains("fingerprint")
                                          ? std::string(leak.at("fingerprint").as_string())
                                          : std::string()};
      f.signature = leak_signature(t.handler.name, *f.leak);
      f.summary = t.handler.name + " response (status " + std::to_string(u64(m, "status")) +
                  ") leaks " + f.leak->family + " (" + f.leak->rule + ")";
      break;
    }
    case FindingKind::crash:
      // An exception escaping the handler, seen in-process (e.g. a leak candidate that throws
      // on re-run): same signature as when libFuzzer reports it.
      f.signature = crash_signature(
          t.handler.name, "==WALLETFUZZ== crash handler=" + t.handler.name +
                              " exception=" + std::string(m.at("exception_type").as_string()) +
                              " detail=" + std::string(m.at("detail").as_string()));
      f.summary = t.handler.name + ": " + std::string(m.at("detail").as_string());
      break;
    default:
      f.signature = kind_signature(t.handler.name, *kind);
      f.summary = t.handler.name + ": " + std::string(m.at("detail").as_string());
      break;
  }
  return f;
}

// The report each crash artifact was written with, by artifact file name, from the campaign's
// own logs: a libFuzzer process prints the sanitizer's symbolized report (or the harness's
// "==WALLETFUZZ== crash" line), then "Test unit written to <artifact>", and exits. A handler with
// a shallow crash hits it in every process (one CI run: 56 processes, 56 artifacts of one crash),
// and re-running each artifact to learn a signature its log already holds took a minute.
std::map<std::string, std::string> campaign_reports(const HandlerTriage& t) {
  std::map<std::string, std::string> reports;
  for (const auto& log : files_in(t.layout.logs())) {
    const std::string name = log.filename().string();
    // "<handler>-<n>.log": another handler's name may share this one's prefix.
    if (name.rfind(t.handler.name + "-", 0) != 0 ||
        name.find_first_not_of("0123456789", t.handler.name.size() + 1) != name.size() - 4) {
      continue;
    }
    for (auto& [artifact, report] : reports_by_artifact(read_text(log))) {
      reports[artifact] = std::move(report);
    }
  }
  return reports;
}

// A libFuzzer crash artifact: reproduce it a few times, take the signature from the report.
// Only the report kept for the signature needs its frames resolved (seconds per run in a large
// binary); the other re-runs only need the exit status. An artifact whose signature an earlier
// one already confirmed is re-run once: it is de-duplicated into that finding anyway, and a
// campaign that hits a crash keeps hitting it (one run left nine artifacts of one crash).
std::optional<Finding> triage_crash(HandlerTriage& t, const fs::path& artifact,
                                    const std::vector<Finding>& found,
                                    const std::string& logged_report) {
  int shown = 0;
  int runs = 0;
  std::string report;
  for (; runs < kCrashRuns; ++runs) {
    if (!report.empty()) {
      std::string signature = crash_signature(t.handler.name, report);
      bool known = std::any_of(found.begin(), found.end(), [&](const Finding& f) {
        return f.reproducible && f.signature == signature;
      });
      if (known) break;
    }
    fs::path log = t.scratch_file("crash") += ".log";
    ProcessResult r = run_process(
        {.argv = {t.target.binary.string(), kNoLeakRerun, artifact.string()},
         .env = process_env(t.env(), report.empty() ? StackFrames::symbolized : StackFrames::raw),
         .stderr_path = log},
        t.run_limit(1));
    if (r.exit_code != 0 || r.signal != 0) {
      ++shown;
      if (report.empty()) report = read_text(log);
    }
  }
  // Not reproduced alone (it may depend on what ran before it): the campaign's report of it.
  if (report.empty()) report = logged_report;
  Finding f{.handler = t.handler.name, .kind = FindingKind::crash};
  f.request = read_text(artifact);
  f.signature = crash_signature(t.handler.name, report);
  auto c = confirm(shown, runs);
  f.reproducible = c.reproducible;
  f.flaky = shown > 0 ? c.flaky : true;  // kept: a crash seen once is still worth a look
  f.baseline_median_ns = t.baseline_ns;
  std::string where = f.signature.substr(f.signature.find(":crash:") + 7);
  f.summary = t.handler.name + " crashes: " + where;
  return f;
}

// libFuzzer's own timeout-/oom- artifacts: inputs that ran away past -timeout or -rss_limit_mb.
std::optional<Finding> triage_engine_limit(HandlerTriage& t, const fs::path& artifact,
                                           FindingKind kind) {
  int shown = 0;
  const int runs = 2;
  std::chrono::nanoseconds elapsed{0};
  for (int i = 0; i < runs; ++i) {
    fs::path log = t.scratch_file("limit") += ".log";
    ProcessResult r = run_process(
        {.argv = {t.target.binary.string(),
                  "-timeout=" + std::to_string(libfuzzer_timeout_s(t.handler)),
                  "-rss_limit_mb=" + std::to_string(t.options.rss_limit_mb), kNoLeakRerun,
                  artifact.string()},
         // The signature of a timeout or OOM is its kind: the report's frames are not read.
         .env = process_env(t.env(), StackFrames::raw),
         .stderr_path = log},
        std::chrono::milliseconds((libfuzzer_timeout_s(t.handler) + 10) * 1000));
    std::string text = read_text(log);
    // libFuzzer's own reports only: the log also names the artifact ("Running: timeout-...").
    bool seen = kind == FindingKind::timeout
                    ? (r.timed_out || text.find("ERROR: libFuzzer: timeout") != std::string::npos ||
                       text.find("ALARM: working on the last Unit") != std::string::npos)
                    : text.find("ERROR: libFuzzer: out-of-memory") != std::string::npos;
    if (seen) {
      ++shown;
      elapsed = std::max(elapsed, r.elapsed);
    }
  }
  Finding f{.handler = t.handler.name, .kind = kind, .request = read_text(artifact)};
  f.signature = kind_signature(t.handler.name, kind);
  auto c = confirm(shown, runs);
  f.reproducible = c.reproducible;
  f.flaky = shown > 0 ? c.flaky : true;
  f.median_ns = static_cast<std::uint64_t>(elapsed.count());
  f.baseline_median_ns = t.baseline_ns;
  f.amplification =
      t.baseline_ns > 0 ? static_cast<double>(f.median_ns) / static_cast<double>(t.baseline_ns) : 0;
  f.summary = kind == FindingKind::timeout
                  ? t.handler.name + " runs past its " + std::to_string(t.handler.timeout.count()) +
                        " ms timeout and never returns"
                  : t.handler.name + " exceeds the fuzzing process's memory limit";
  return f;
}

// The slow verdict (triage.hpp) on a measurement the harness called slow at the raw threshold.
bool is_slow(const HandlerTriage& t, const json::object& m, const Finding& f) {
  const auto& b = m.at("baseline").as_object();
  double work = 0;
  if (std::uint64_t base = u64(b, "work_units_median"); base > 0) {
    work = static_cast<double>(f.work_units) / static_cast<double>(base);
  }
  return slow_verdict(std::max(f.amplification, work), f.request_bytes, f.baseline_request_bytes,
                      f.median_ns,
                      {.ratio = t.options.slow_ratio,
                       .ms = t.options.slow_ms,
                       .basis = t.options.amplification_basis});
}

std::optional<Finding> triage_candidate(HandlerTriage& t, const fs::path& file) {
  std::string why;
  std::string name = file.filename().string();
  auto expected = parse_kind(name.substr(0, name.find('-')));
  int runs = expected == FindingKind::timeout ? 3 : t.options.confirm_runs;
  auto m = measure(t, file, runs, why);
  if (!m) {
    // A re-run that never finished: for a timeout candidate, that is the finding reproducing.
    if (expected == FindingKind::timeout) return triage_engine_limit(t, file, FindingKind::timeout);
    t.warn("candidate " + name + " could not be re-measured (" + why + "); dropped");
    return std::nullopt;
  }
  auto f = from_measurement(t, *m, read_text(file));
  if (!f && expected == FindingKind::slow) return std::nullopt;  // timing noise, not a finding
  if (f && f->kind == FindingKind::slow && !is_slow(t, *m, *f)) {
    t.size_only.insert(f->request);  // normal work per byte, unless its growth says otherwise
  }
  if (!f) {
    // Seen once while fuzzing, never again: kept, marked flaky, so a person can decide.
    Finding flaky{.handler = t.handler.name, .kind = *expected, .request = read_text(file)};
    flaky.signature = kind_signature(t.handler.name, *expected) + ":unconfirmed";
    flaky.summary = t.handler.name + ": " + std::string(kind_name(*expected)) +
                    " seen while fuzzing, not on re-run";
    flaky.flaky = true;
    flaky.baseline_median_ns = t.baseline_ns;
    return flaky;
  }
  return f;
}

// The newest `n` files of a kind: the harness writes slow candidates in increasing order of
// amplification, so the newest are the worst.
std::vector<fs::path> newest(std::vector<fs::path> files, std::size_t n) {
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::last_write_time(a, ec) > fs::last_write_time(b, ec);
  });
  if (files.size() > n) files.resize(n);
  return files;
}

void minimize(HandlerTriage& t, Finding& f) {
  if (f.kind == FindingKind::crash) {
    if (t.target.engine != "libfuzzer") return;
    fs::path input = t.scratch_file("crash-input");
    fs::path output = t.scratch_file("crash-min");
    write_file_atomically(input, f.request);
    int seconds = std::max(1, static_cast<int>(t.options.minimize_s));
    // Each step of the minimisation reproduces the crash in a new process; its report's frames
    // are not read (the result is checked once below), so they are left unresolved, which
    // makes each step seconds faster and the time limit buys more steps.
    run_process({.argv = {t.target.binary.string(), "-minimize_crash=1", "-runs=100000",
                          "-max_total_time=" + std::to_string(seconds), kNoLeakRerun,
                          "-exact_artifact_path=" + output.string(), input.string()},
                 .env = process_env(t.env(), StackFrames::raw),
                 .stderr_path = t.scratch_file("crash-min") += ".log"},
                // libFuzzer's minimiser repeats steps of up to -max_total_time each until one
                // finds nothing smaller (one took 27 s for 8); each smaller crash is written to
                // the artifact path as it is found, so stopping it keeps the best one so far.
                std::chrono::seconds(seconds + 2));
    std::string smaller = read_text(output);
    if (smaller.empty() || smaller.size() >= f.request.size()) return;
    // Only keep it if it is still the same crash.
    fs::path log = t.scratch_file("crash-check") += ".log";
    ProcessResult r =
        run_process({.argv = {t.target.binary.string(), kNoLeakRerun, output.string()},
                     .env = process_env(t.env()),
                     .stderr_path = log},
                    t.run_limit(1));
    if ((r.exit_code != 0 || r.signal != 0) &&
        crash_signature(t.handler.name, read_text(log)) == f.signature) {
      f.request = std::move(smaller);
    }
    return;
  }
  if (f.kind != FindingKind::slow && f.kind != FindingKind::leak && f.kind != FindingKind::oom) {
    return;
  }
  fs::path input = t.scratch_file("min-input");
  fs::path output = t.scratch_file("min-output");
  write_file_atomically(input, f.request);
  FuzzTargetEnv env = t.env();
  env.mode = TargetMode::minimize;
  env.keep_ratio = 0.9;
  env.minimize_time = std::chrono::milliseconds(static_cast<int>(t.options.minimize_s * 1000));
  ProcessResult r =
      run_process({.argv = {t.target.binary.string(), input.string(), output.string()},
                   .env = process_env(env),
                   .stdout_path = t.scratch_file("min") += ".json",
                   .stderr_path = t.scratch_file("min") += ".log"},
                  std::chrono::milliseconds(static_cast<long long>(t.options.minimize_s * 1000) +
                                            t.run_limit(8).count()));
  std::string smaller = read_text(output);
  if (!r.exited_normally() || r.exit_code != 0 || smaller.empty() ||
      smaller.size() >= f.request.size()) {
    return;
  }
  // Re-measure: the minimised input replaces the original only if it is the same finding and,
  // for a slow one, keeps at least 90% of the measured amplification.
  std::string why;
  auto m = measure(t, output, t.options.confirm_runs, why);
  if (!m) return;
  auto g = from_measurement(t, *m, smaller);
  if (!g || g->signature != f.signature) return;
  const AmplificationBasis basis = t.options.amplification_basis;
  if (f.kind == FindingKind::slow &&
      (judged_amplification(*g, basis) < 0.9 * judged_amplification(f, basis) ||
       !is_slow(t, *m, *g))) {
    return;
  }
  g->first_seen = f.first_seen;
  f = std::move(*g);
}

// Measures rebuilt requests in one measure-mode process (scale_probe.hpp's ProbeMeasure).
std::vector<ProbeMeasurement> measure_scaled(HandlerTriage& t,
                                             const std::vector<std::string>& requests) {
  constexpr int kRuns = 3;
  std::vector<std::string> argv = {t.target.binary.string()};
  for (const auto& request : requests) {
    fs::path file = t.scratch_file("scaled") += ".http";
    write_file_atomically(file, request);
    argv.push_back(file.string());
  }
  fs::path report = t.scratch_file("scaled") += ".json";
  FuzzTargetEnv env = t.env();
  env.mode = TargetMode::measure;
  env.runs = kRuns;
  env.report = report;
  ProcessResult result = run_process(
      {.argv = argv, .env = process_env(env), .stderr_path = t.scratch_file("scaled") += ".log"},
      t.run_limit(kRuns * static_cast<int>(requests.size())));
  std::vector<ProbeMeasurement> out(requests.size());
  if (!result.exited_normally() || result.exit_code != 0) return out;
  json::error_code ec;
  json::value root = json::parse(read_text(report), ec, {}, {.allow_invalid_utf8 = true});
  if (ec || !root.is_object() || !root.as_object().contains("inputs")) return out;
  const auto& inputs = root.at("inputs").as_array();
  for (std::size_t i = 0; i < inputs.size() && i < out.size(); ++i) {
    const auto& m = inputs[i].as_object();
    auto kind = parse_kind(std::string(m.at("kind").as_string()));
    if (kind == FindingKind::rejected || kind == FindingKind::crash) continue;
    out[i] = {.cost_ns = static_cast<double>(u64(m, "median_wall_ns")),
              .timed_out = kind == FindingKind::timeout};
  }
  return out;
}

// Scale probing of a slow finding: its growth in findings.json, its summary in words, and its
// size-aware amplification raised to the one at the limits when the fit is confident. Returns
// false when the finding should be dropped: slow only for its size, and not growing faster.
bool probe(HandlerTriage& t, Finding& f) {
  const bool size_only = t.size_only.count(f.request) > 0;
  ProbeLimits limits{.timeout_ns = static_cast<double>(t.handler.timeout.count()) * 1e6,
                     .max_request_bytes = static_cast<double>(t.options.max_request_bytes)};
  auto result = probe_scaling(f.request, limits, [&](const std::vector<std::string>& requests) {
    return measure_scaled(t, requests);
  });
  return apply_probe(f, result, size_only);
}

std::vector<Finding> triage_handler(HandlerTriage& t) {
  std::vector<Finding> found;
  // The baseline median of this binary in this environment, for crash and engine-limit rows.
  std::string why;
  auto seeds = files_in(t.layout.seeds(t.handler.name));
  if (!seeds.empty()) {
    if (auto m = measure(t, seeds.front(), 3, why)) {
      t.baseline_ns = u64(m->at("baseline").as_object(), "wall_median_ns");
    }
  }
  // A timeout or out-of-memory finding has one signature per handler (kind_signature): once one
  // input reproduces it, every other one would be deduplicated away, and each re-run costs up
  // to 2 × (2 × the function's timeout + 2 s). A campaign that hits a timeout keeps hitting it,
  // so without this the triage of one such handler took minutes.
  auto confirmed_signature = [&](const std::string& signature) {
    return std::any_of(found.begin(), found.end(), [&](const Finding& f) {
      return f.reproducible && f.signature == signature;
    });
  };
  auto confirmed = [&](FindingKind kind) {
    return confirmed_signature(kind_signature(t.handler.name, kind));
  };
  const auto logged = campaign_reports(t);
  std::vector<fs::path> slow_candidates;
  for (const auto& file : files_in(t.layout.artifacts(t.handler.name))) {
    std::string name = file.filename().string();
    std::optional<Finding> f;
    if (name.rfind("crash-", 0) == 0 || name.rfind("leak-", 0) == 0) {
      // An artifact whose logged report has the signature of a crash already reproduced would
      // only be de-duplicated into that finding: it is not re-run.
      auto report = logged.find(name);
      const std::string logged_report = report != logged.end() ? report->second : std::string();
      if (!logged_report.empty() &&
          confirmed_signature(crash_signature(t.handler.name, logged_report))) {
        continue;
      }
      f = triage_crash(t, file, found, logged_report);
    } else if (name.rfind("timeout-", 0) == 0) {
      if (!confirmed(FindingKind::timeout)) f = triage_engine_limit(t, file, FindingKind::timeout);
    } else if (name.rfind("oom-", 0) == 0) {
      if (!confirmed(FindingKind::oom)) f = triage_engine_limit(t, file, FindingKind::oom);
    } else if (name.rfind("slow-unit-", 0) == 0) {
      slow_candidates.push_back(file);
    }
    if (f) found.push_back(std::move(*f));
  }
  std::map<std::string, std::vector<fs::path>> by_kind;
  for (const auto& file : files_in(t.layout.candidates(t.handler.name))) {
    std::string name = file.filename().string();
    by_kind[name.substr(0, name.find('-'))].push_back(file);
  }
  for (auto& file : by_kind["slow"]) slow_candidates.push_back(file);
  for (const auto& file : newest(slow_candidates, 3)) {
    if (auto f = triage_candidate(t, file)) found.push_back(std::move(*f));
  }
  for (const char* kind : {"leak", "oom", "timeout"}) {
    for (const auto& file : newest(by_kind[kind], 6)) {
      if (auto k = parse_kind(kind); k != FindingKind::leak && confirmed(*k)) break;
      if (auto f = triage_candidate(t, file)) found.push_back(std::move(*f));
    }
  }
  std::string now = utc_now_iso8601();
  auto kept = deduplicate(std::move(found));
  // Before minimising: the fuzzed size gives the probe its widest range of scales.
  auto probing = std::chrono::steady_clock::now();
  std::erase_if(kept, [&](Finding& f) { return f.kind == FindingKind::slow && !probe(t, f); });
  t.probe_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - probing).count();
  for (auto& f : kept) {
    f.first_seen = now;
    minimize(t, f);
    // A summary or signature may quote a handler's exception message, which may quote a secret;
    // both go to findings.json, stdout and the reports. Redacted before the id is derived from
    // the signature, so that a finding keeps its id and signature from run to run.
    f.summary = detectors::redact_secrets(f.summary);
    f.signature = detectors::redact_secrets(f.signature);
    f.id = finding_id(f.kind, f.signature);
  }
  return kept;
}

}  // namespace

std::vector<Finding> triage_campaign(const TargetInfo& target, const CampaignOptions& options,
                                     const WorkLayout& layout, std::vector<std::string>& warnings) {
  std::mutex warnings_mutex;
  std::mutex results_mutex;
  std::vector<Finding> all;
  std::size_t next = 0;
  std::exception_ptr failure;
  double triage_s = 0;  // summed over handlers, as probe_s
  double probe_s = 0;
  // Handlers are triaged in parallel, one thread per job slot: each thread mostly waits for its
  // child processes, and the slots keep the CPU use to what --jobs allows.
  auto worker = [&] {
    for (;;) {
      std::size_t index;
      {
        std::lock_guard lock(results_mutex);
        if (next >= options.handlers.size() || failure) return;
        index = next++;
      }
      const HandlerInfo& handler = *target.find(options.handlers[index]);
      HandlerTriage t{target,
                      options,
                      layout,
                      handler,
                      warnings,
                      warnings_mutex,
                      layout.triage() / handler.name};
      try {
        fs::create_directories(t.scratch);
        auto started = std::chrono::steady_clock::now();
        auto found = triage_handler(t);
        std::lock_guard lock(results_mutex);
        triage_s +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        probe_s += t.probe_s;
        for (auto& f : found) all.push_back(std::move(f));
      } catch (...) {
        std::lock_guard lock(results_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> threads;
  unsigned slots = std::max(
      1U, std::min<unsigned>(options.jobs, static_cast<unsigned>(options.handlers.size())));
  for (unsigned i = 0; i < slots; ++i) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
  if (options.progress && triage_s > 0) {
    char line[160];
    std::snprintf(line, sizeof line,
                  "triage: %.1f s over all handlers, of which scale probing %.1f s (%.0f%% added)",
                  triage_s, probe_s, triage_s > probe_s ? 100 * probe_s / (triage_s - probe_s) : 0);
    options.progress(line);
  }
  return deduplicate(std::move(all));
}

}  // namespace walletfuzz::fuzzers::detail
