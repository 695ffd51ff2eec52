// `walletfuzz replay SCENARIO [flags]`: the run plan's load stage (or flags and request files
// alone) with flags as overrides, checks the target is allowed and the test's own cost is within
// budget, runs it, and writes load.json atomically into the run directory plus a wrk2-style
// table. When the mix gives findings weight but the plan's findings.json is missing, it says so
// on stderr and in load.json's warnings.
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "command.hpp"
#include "scenario_target.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/host_allowlist.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/core/text_format.hpp"
#include "walletfuzz/cost_model/pricing.hpp"
#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/loadgen/load_runner.hpp"
#include "walletfuzz/loadgen/metrics_log.hpp"
#include "walletfuzz/loadgen/spend_estimate.hpp"
#include "walletfuzz/plan/run_plan.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {
namespace {
namespace lg = walletfuzz::loadgen;
namespace sc = walletfuzz::scenarios;
namespace wp = walletfuzz::plan;
namespace fs = std::filesystem;

struct ReplayFlags {
  std::string scenario;
  std::string target;
  std::optional<double> rate;
  std::optional<double> duration_s;
  std::optional<unsigned> connections;
  std::optional<unsigned> threads;
  std::string shard;
  bool json = false;
  std::vector<std::string> requests;  // FILE or FILE=WEIGHT
  std::vector<std::string> allow_hosts;
  bool closed = false;
  std::optional<std::uint64_t> max_requests;
  std::optional<unsigned> timeout_ms;
  std::string out;
  bool confirm_spend = false;
  bool insecure = false;
  bool progress = false;
  std::optional<double> budget_usd;
  std::optional<double> price_per_request_usd;
  std::uint64_t seed = 1;
  std::vector<std::string> headers;  // "Name: value"
  bool templates = false;
  std::string metrics_out;  // one JSON line per second
};

volatile std::sig_atomic_t interrupted = 0;
extern "C" void on_replay_interrupt(int) {
  interrupted = 1;
  // A second Ctrl-C ends the process at once, without waiting for the drain.
  std::signal(SIGINT, SIG_DFL);
}

// `--header "Name: value"`: set on every request, after the scenario's load.headers.
HeaderField header_from_flag(const std::string& spec) {
  const auto colon = spec.find(':');
  std::string name = colon == std::string::npos ? std::string() : spec.substr(0, colon);
  std::string value = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
  if (name.empty() || name.find_first_of(" \t\r\n") != std::string::npos ||
      value.find_first_of("\r\n") != std::string::npos) {
    throw InputError({"", 0, 0, "--header"}, "\"" + spec + "\" is not \"Name: value\"",
                     "e.g. --header 'Authorization: Bearer ${ENV:STAGING_TOKEN}'");
  }
  return {std::move(name), std::move(value)};
}

lg::RequestClass class_from_file(const std::string& spec) {
  std::string file = spec;
  double weight = 1.0;
  const auto eq = spec.rfind('=');
  if (eq != std::string::npos) {
    file = spec.substr(0, eq);
    try {
      std::size_t used = 0;
      weight = std::stod(spec.substr(eq + 1), &used);
      if (used != spec.size() - eq - 1) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      throw InputError({"", 0, 0, "--request"},
                       "\"" + spec + "\": weight after '=' must be a number");
    }
  }
  return {.name = "file:" + fs::path(file).stem().string(),
          .kind = "baseline",
          .weight = weight,
          .request = load_request_file(file)};
}

std::chrono::nanoseconds seconds(double s) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(s));
}

// `--out`: a run directory (findings.json is read there, load.json written there), or a file
// name ending in .json for load.json, whose directory is then the run directory.
std::optional<fs::path> run_dir_of(const std::string& out) {
  if (out.empty()) return std::nullopt;
  const fs::path path(out);
  if (path.extension() != ".json") return path;
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// The plan replay runs: the scenario's, or (without one) loopback only, the run directory "."
// and the provider's defaults, for --target and --request alone.
wp::RunPlan replay_plan(const ReplayFlags& flags) {
  if (flags.scenario.empty()) {
    wp::RunPlan plan;
    plan.run_dir = run_dir_of(flags.out).value_or(".");
    plan.load.emplace();
    plan.load->load.allowed_hosts = loopback_hosts();
    return plan;
  }
  const ScenarioTarget loaded = load_scenario_target(flags.scenario);
  const sc::Scenario& s = loaded.scenario;
  if (!s.load) throw InputError(sc::locate(s, "load"), "the scenario has no load section");
  if (s.target.kind != sc::TargetKind::url && flags.target.empty()) {
    throw InputError(sc::locate(s, "target"), "an application target has no fixed address",
                     "start `walletfuzz serve --port P` (with --app PATH for an app target) and "
                     "pass --target http://127.0.0.1:P");
  }
  return loaded.plan({.run_dir = run_dir_of(flags.out)});
}

// A load test's results cost money to produce, so they are never thrown away: when load.json
// cannot be written where asked (the disk filled up, the directory went away during the run), it
// goes to the temporary directory instead, and failing that to stdout. Returns whether `out`
// was written; the caller exits 3 when it was not.
bool save_load_file(const fs::path& out, const lg::LoadResult& result, bool json_on_stdout) {
  try {
    formats::write_load_file(out, result);
    return true;
  } catch (const RuntimeFailure& e) {
    std::cerr << "walletfuzz replay: " << e.what() << '\n';
  }
  std::error_code ec;
  const fs::path fallback =
      fs::temp_directory_path(ec) /
      ("walletfuzz-" + out.stem().string() + "-" + std::to_string(::getpid()) + ".json");
  if (!ec) {
    try {
      formats::write_load_file(fallback, result);
      std::cerr << "walletfuzz replay: the results are saved in " << fallback.string()
                << " instead\n";
      return false;
    } catch (const RuntimeFailure& e) {
      std::cerr << "walletfuzz replay: " << e.what() << '\n';
    }
  }
  if (!json_on_stdout) {
    std::cerr << "walletfuzz replay: the results follow on stdout as load.json\n";
    std::cout << formats::load_to_json(result);
  }
  return false;
}

void print_progress(const lg::ProgressSnapshot& p) {
  const double elapsed = std::chrono::duration<double>(p.elapsed).count();
  const double planned = std::chrono::duration<double>(p.planned).count();
  const auto& t = p.totals;
  std::fprintf(
      stderr,
      "\r[%5.0fs/%.0fs] sent %llu (%.0f/s)  p50 %.2f ms  p99 %.2f ms  errors %llu  dropped %llu  "
      "429 %llu   ",
      elapsed, planned, static_cast<unsigned long long>(t.sent),
      elapsed > 0 ? t.sent / elapsed : 0.0, t.latency.value_at_percentile(50) / 1e6,
      t.latency.value_at_percentile(99) / 1e6, static_cast<unsigned long long>(t.errors_total()),
      static_cast<unsigned long long>(t.dropped), static_cast<unsigned long long>(t.throttled));
  std::fflush(stderr);
}

int run_replay(const ReplayFlags& flags) {
  const wp::RunPlan run_plan = replay_plan(flags);
  wp::ReplayClasses replay = wp::replay_classes(run_plan);
  if (replay.missing_findings)
    std::cerr << "walletfuzz replay: warning: " << *replay.missing_findings << '\n';
  lg::LoadPlan plan = run_plan.load->load;
  plan.classes = std::move(replay.classes);
  double budget = run_plan.load->spend_budget_usd;
  for (const auto& h : flags.allow_hosts) plan.allowed_hosts.push_back(h);
  if (!flags.target.empty()) plan.target = lg::parse_target_url(flags.target);
  if (plan.target.host.empty())
    throw InputError({"", 0, 0, "--target"}, "no target",
                     "give a scenario with a url target or --target URL");
  for (const auto& r : flags.requests) {
    lg::RequestClass c = class_from_file(r);
    // A request file reaches a function by its route; load.json names it, so the cost stage
    // prices the class at that function's configuration.
    if (const wp::FunctionPlan* f = run_plan.function_for(c.request)) {
      c.handler = f->name;
      c.expect = f->expect;
    }
    plan.classes.push_back(std::move(c));
  }
  for (const auto& h : flags.headers) {
    HeaderField field = header_from_flag(h);
    std::erase_if(plan.headers, [&](const HeaderField& f) { return iequals(f.name, field.name); });
    plan.headers.push_back(std::move(field));
  }
  if (flags.templates) plan.templates = true;
  if (flags.closed) plan.mode = lg::LoadMode::closed;
  if (flags.rate) {
    double duration =
        flags.duration_s.value_or(std::chrono::duration<double>(plan.planned_duration()).count());
    if (plan.stages.empty() && !flags.duration_s) duration = 10;
    plan.stages = {{.kind = lg::StageKind::constant,
                    .duration = seconds(duration),
                    .start_rate = *flags.rate}};
  } else if (flags.duration_s && plan.mode == lg::LoadMode::open) {
    throw InputError({"", 0, 0, "--duration"}, "needs --rate in open mode",
                     "add --rate R, or --closed");
  }
  if (flags.duration_s) plan.closed_duration = seconds(*flags.duration_s);
  if (flags.connections) plan.connections = *flags.connections;
  if (flags.threads) plan.threads = *flags.threads;
  if (!flags.shard.empty()) plan.shard = lg::parse_shard(flags.shard);
  if (flags.max_requests) plan.max_requests = *flags.max_requests;
  if (flags.timeout_ms) plan.request_timeout = std::chrono::milliseconds(*flags.timeout_ms);
  if (flags.insecure) plan.verify_tls = false;
  if (flags.budget_usd) budget = *flags.budget_usd;
  plan.seed = flags.seed;
  plan.max_duration =
      std::max(plan.max_duration, plan.planned_duration() + std::chrono::seconds(1));

  lg::LoadRunner runner(plan);  // validates the plan and the allowed hosts: exit 2 before sending
  const lg::SpendEstimate estimate =
      lg::estimate_spend(run_plan.pricing.catalog(), plan,
                         wp::price_classes(run_plan, plan.classes, replay.baseline_median_ms,
                                           flags.price_per_request_usd));
  const std::string budget_text = format_usd(budget);
  if (estimate.total_usd > budget && !flags.confirm_spend) {
    throw InputError(
        {flags.scenario, 0, 0, flags.budget_usd ? "--budget-usd" : "load.spend_budget_usd"},
        "the test itself would cost about " + estimate.summary() + ", above the budget of " +
            budget_text,
        "pass --confirm-spend to run anyway");
  }
  std::cerr << "walletfuzz replay: estimated cost of this test " << estimate.summary()
            << "; budget " << budget_text << '\n';

  const fs::path& run_dir = run_plan.run_dir;
  const fs::path out = fs::path(flags.out).extension() == ".json" ? fs::path(flags.out)
                       : plan.shard.count > 1
                           ? run_dir / ("load.shard" + std::to_string(plan.shard.index) + "of" +
                                        std::to_string(plan.shard.count) + ".json")
                           : run_plan.load_file();
  // Where the results go is checked before the first request: an --out under a regular file or
  // in a read-only directory ends here (exit 3) instead of after the test has been paid for.
  prepare_output_file(out);
  const bool progress = flags.progress || isatty(STDERR_FILENO) == 1;
  interrupted = 0;
  auto previous = std::signal(SIGINT, on_replay_interrupt);
  // Opened before the first request, like load.json's directory: a bad path ends here (exit 3).
  std::optional<lg::MetricsLog> metrics;
  if (!flags.metrics_out.empty()) metrics.emplace(flags.metrics_out);
  lg::LoadResult result;
  try {
    result = runner.run(
        {.on_progress =
             progress ? print_progress : std::function<void(const lg::ProgressSnapshot&)>{},
         .interrupt = &interrupted,
         .on_interval = metrics ? [&metrics](const lg::IntervalMetrics& m) { metrics->write(m); }
                                : std::function<void(const lg::IntervalMetrics&)>{}});
  } catch (...) {
    std::signal(SIGINT, previous);
    throw;
  }
  std::signal(SIGINT, previous);
  if (progress) std::fputc('\n', stderr);
  if (metrics && metrics->failed())
    std::cerr << "walletfuzz replay: warning: writing " << flags.metrics_out
              << " failed during the run; its lines are incomplete (load.json is not)\n";
  if (replay.missing_findings) result.warnings.push_back(*replay.missing_findings);
  const bool saved = save_load_file(out, result, flags.json);
  if (flags.json) {
    std::cout << formats::load_to_json(result);
  } else {
    std::cout << lg::format_percentile_table(result);
    if (saved) std::cout << "\nwrote " << out.string() << '\n';
  }
  if (result.partial)
    std::cerr << "walletfuzz: replay stopped early (" << result.partial_reason
              << "); results are partial\n";
  if (!saved) return static_cast<int>(ExitCode::runtime_failure);
  // An interrupted run did not do what was asked: not a success (0), and the caller (a pipeline,
  // CI) must not read the partial load.json as the planned load. A duration cap is the
  // scenario's own limit doing its job, so that run still exits 0, marked partial.
  return result.partial && result.partial_reason == "interrupted"
             ? static_cast<int>(ExitCode::runtime_failure)
             : 0;
}

}  // namespace

void add_replay_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand(
      "replay", "Replay request classes as load against a target (open loop, CO-corrected)");
  auto flags = std::make_shared<ReplayFlags>();
  sub->add_option("SCENARIO", flags->scenario,
                  "Scenario file (optional with --target and --request)");
  sub->add_option("--target", flags->target,
                  "http[s]://host[:port][/base]; overrides the scenario's");
  sub->add_option("--rate", flags->rate,
                  "Constant arrival rate, req/s (replaces the scenario's stages)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--duration", flags->duration_s, "Seconds of load at --rate (or of --closed)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--connections", flags->connections, "Keep-alive connections")
      ->check(CLI::Range(1, 100000));
  sub->add_option("--threads", flags->threads, "Threads, each with its own event loop")
      ->check(CLI::Range(1, 256));
  sub->add_option("--shard", flags->shard, "Run share I of N of the schedule (e.g. 0/4)");
  sub->add_flag("--json", flags->json, "Print load.json on stdout instead of the table");
  sub->add_option("--request", flags->requests,
                  "Request file to replay, FILE or FILE=WEIGHT (repeatable)");
  sub->add_option("--allow-host", flags->allow_hosts,
                  "Also allow this host (loopback is always allowed)");
  sub->add_flag("--closed", flags->closed,
                "Closed loop: back-to-back requests per connection (max throughput)");
  sub->add_option("--max-requests", flags->max_requests, "Hard cap on requests")
      ->check(CLI::PositiveNumber);
  sub->add_option("--timeout-ms", flags->timeout_ms, "Per-request timeout")
      ->check(CLI::Range(1, 900000));
  sub->add_option("--out", flags->out,
                  "Run directory: findings.json is read and load.json written there (default: "
                  "the scenario's output.run_dir); a name ending in .json is where load.json goes");
  sub->add_flag("--confirm-spend", flags->confirm_spend,
                "Run even if the estimated cost of the test exceeds the budget");
  sub->add_flag("--insecure", flags->insecure, "Do not verify the target's TLS certificate");
  sub->add_flag("--progress", flags->progress, "Print progress even when stderr is not a terminal");
  sub->add_option("--budget-usd", flags->budget_usd, "Spend budget for the test itself")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--price-per-request-usd", flags->price_per_request_usd,
                  "Price every request at this flat amount instead of the cost model")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--seed", flags->seed, "Seed of the class mix");
  sub->add_option("--header", flags->headers,
                  "'Name: value' set on every request, findings included (repeatable; after "
                  "load.headers); ${ENV:NAME} in the value is read from the environment");
  sub->add_flag("--templates", flags->templates,
                "Expand {{seq}}, {{uuid}}, {{random_int A B}}, {{now_unix_ms}}, {{pick FILE}} "
                "in every request, per request (as load.templates: true)");
  sub->add_option("--metrics-out", flags->metrics_out,
                  "Write one JSON line per second (sent, responses, errors by kind, failed "
                  "checks, p50/p99 of that second, achieved rate) to FILE, flushed per line");
  sub->footer(
      "Before sending, the test's own cost is estimated with the cost model on the scenario's "
      "provider (pricing section, overrides included): per request class, expected requests x "
      "(request price + billed duration x the function's memory), first-tier prices, no free "
      "tier. Findings and --request files are assumed to run to their function's timeout (slow "
      "by design; the most one invocation can be billed); scenario baselines at the handler's "
      "baseline median from findings.json when measured, else the timeout too. Above the budget "
      "(load.spend_budget_usd or --budget-usd) replay refuses with exit 2 unless --confirm-spend. "
      "SIGINT stops sending, waits up to 2 s for responses in flight, writes the partial "
      "load.json (partial: true) and exits 3. Where load.json goes is checked (and its "
      "directory created) before the first request; if it still cannot be written at the end, "
      "it is saved in $TMPDIR (or /tmp) instead, or printed on stdout, and replay exits 3.\n");
  sub->callback([&chosen, flags] { chosen = [flags] { return run_replay(*flags); }; });
}

}  // namespace walletfuzz::cli
