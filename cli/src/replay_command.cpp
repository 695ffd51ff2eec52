// `walletfuzz replay SCENARIO [flags]`: builds a loadgen::LoadPlan from a scenario (or from flags
// and request files alone), checks the target is allowed and the test's own cost is within
// budget, runs it, and writes load.json atomically plus a wrk2-style table.
#include <unistd.h>

#include <boost/json.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/loadgen/load_runner.hpp"
#include "walletfuzz/sample_app/app.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {
namespace {
namespace lg = walletfuzz::loadgen;
namespace sc = walletfuzz::scenarios;
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
};

volatile std::sig_atomic_t interrupted = 0;
extern "C" void on_interrupt(int) {
  interrupted = 1;
}

const std::vector<std::string> loopback_hosts = {"127.0.0.1", "::1", "localhost"};

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

// Findings to replay: findings.json of a run directory (or the file itself). Each finding's
// request file is relative to the run directory.
std::vector<lg::RequestClass> findings_classes(const fs::path& from, const sc::TrafficMix& mix) {
  const fs::path file = fs::is_directory(from) ? from / "findings.json" : from;
  const fs::path run_dir = file.parent_path();
  const std::string name = file.string();
  boost::system::error_code ec;
  const auto root = boost::json::parse(read_file(file, 64 * 1024 * 1024), ec);
  if (ec || !root.is_object()) throw InputError({name, 0, 0, ""}, "not a findings.json object");
  const auto* list = root.as_object().if_contains("findings");
  if (list == nullptr || !list->is_array())
    throw InputError({name, 0, 0, "findings"}, "missing or not an array");
  std::vector<lg::RequestClass> out;
  std::map<std::string, double> share = {{"crash", mix.crash},
                                         {"timeout", mix.timeout},
                                         {"oom", mix.oom},
                                         {"slow", mix.slow},
                                         {"leak", mix.leak}};
  std::map<std::string, unsigned> per_kind;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string at = "findings[" + std::to_string(i) + "]";
    const auto* f = list->as_array()[i].if_object();
    auto text = [&](const char* key) {
      const auto* v = f ? f->if_contains(key) : nullptr;
      if (v == nullptr || !v->is_string())
        throw InputError({name, 0, 0, at + "." + key}, "missing or not a string");
      return std::string(v->as_string());
    };
    lg::RequestClass c;
    c.finding_id = text("id");
    c.kind = text("kind");
    c.handler = text("handler");
    c.name = "finding:" + c.finding_id;
    if (!share.contains(c.kind))
      throw InputError({name, 0, 0, at + ".kind"}, "unknown kind \"" + c.kind + "\"");
    if (share[c.kind] <= 0) continue;  // weight 0 leaves the kind out
    c.request = load_request_file(run_dir / text("file"));
    ++per_kind[c.kind];
    out.push_back(std::move(c));
  }
  // The mix weights a kind as a whole; its findings share that weight equally.
  for (auto& c : out) c.weight = share[c.kind] / per_kind[c.kind];
  return out;
}

lg::StageKind stage_kind(sc::StageKind kind) {
  switch (kind) {
    case sc::StageKind::ramp:
      return lg::StageKind::ramp;
    case sc::StageKind::spike:
      return lg::StageKind::spike;
    case sc::StageKind::constant:
      break;
  }
  return lg::StageKind::constant;
}

std::chrono::nanoseconds seconds(double s) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(s));
}

// Scenario -> plan: target, allowed hosts, classes (baselines and findings), stages, limits.
void apply_scenario(const sc::Scenario& s, const ReplayFlags& flags, lg::LoadPlan& plan,
                    double& budget, double& price, fs::path& run_dir) {
  run_dir = s.output.run_dir;
  plan.allowed_hosts = s.target.allow_hosts;
  plan.verify_tls = !s.target.insecure_tls;
  if (s.target.kind == sc::TargetKind::url) {
    plan.target = lg::parse_target_url(s.target.url, "target.url");
  } else if (flags.target.empty()) {
    throw InputError(sc::locate(s, "target"), "the bundled app has no fixed address",
                     "start `walletfuzz serve --port P` and pass --target http://127.0.0.1:P");
  }
  const auto app =
      make_sample_app(s.target.variant == sc::SampleVariant::fixed ? SampleAppVariant::fixed
                                                                   : SampleAppVariant::vulnerable);
  if (!s.load) throw InputError(sc::locate(s, "load"), "the scenario has no load section");
  const sc::LoadPlan& load = *s.load;
  std::vector<lg::RequestClass> baselines;
  // A bundled target without a functions section means every handler of the sample app.
  std::vector<sc::FunctionSpec> functions = s.functions;
  if (functions.empty() && s.target.kind == sc::TargetKind::bundled) {
    for (const auto& spec : app.handlers()) functions.push_back({.name = spec.name});
  }
  for (const auto& fn : functions) {
    std::vector<Request> requests;
    for (const auto& b : fn.baseline) requests.push_back(b.request);
    if (requests.empty() && s.target.kind == sc::TargetKind::bundled) {
      if (const auto* spec = app.find(fn.name)) {
        for (const auto& raw : spec->baseline_requests) {
          auto parsed = parse_request(raw);
          if (parsed.request) requests.push_back(*parsed.request);
        }
      }
    }
    for (std::size_t i = 0; i < requests.size(); ++i) {
      baselines.push_back(
          {.name = "baseline:" + fn.name + (i == 0 ? "" : "#" + std::to_string(i + 1)),
           .handler = fn.name,
           .request = requests[i]});
    }
  }
  for (auto& b : baselines) b.weight = load.mix.baseline / static_cast<double>(baselines.size());
  if (load.mix.baseline > 0) plan.classes = std::move(baselines);
  fs::path findings = load.findings_from.empty() ? run_dir : load.findings_from;
  if (fs::exists(fs::is_directory(findings) ? findings / "findings.json" : findings)) {
    for (auto& c : findings_classes(findings, load.mix)) plan.classes.push_back(std::move(c));
  }
  plan.mode = load.mode == sc::LoadMode::closed ? lg::LoadMode::closed : lg::LoadMode::open;
  for (const auto& st : load.stages) {
    plan.stages.push_back({.kind = stage_kind(st.kind),
                           .duration = seconds(st.duration_s),
                           .start_rate = st.from_rate,
                           .end_rate = st.to_rate});
  }
  plan.connections = load.connections;
  plan.threads = load.threads;
  plan.max_requests = load.max_requests;
  plan.max_duration = seconds(load.max_duration_s);
  plan.closed_duration = std::min(plan.max_duration, seconds(60));
  plan.request_timeout = std::chrono::milliseconds(load.request_timeout_ms);
  budget = load.spend_budget_usd;
  price = load.price_per_request_usd;
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
  lg::LoadPlan plan;
  double budget = 1.0;
  double price = 0.000002;
  fs::path run_dir = ".";
  if (!flags.scenario.empty()) {
    apply_scenario(sc::load_scenario(flags.scenario), flags, plan, budget, price, run_dir);
  }
  // Loopback is always allowed (a scenario's rule too); anything else must be named.
  for (const auto& h : loopback_hosts) plan.allowed_hosts.push_back(h);
  for (const auto& h : flags.allow_hosts) plan.allowed_hosts.push_back(h);
  if (!flags.target.empty()) plan.target = lg::parse_target_url(flags.target);
  if (plan.target.host.empty())
    throw InputError({"", 0, 0, "--target"}, "no target",
                     "give a scenario with a url target or --target URL");
  for (const auto& r : flags.requests) plan.classes.push_back(class_from_file(r));
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
  if (flags.price_per_request_usd) price = *flags.price_per_request_usd;
  plan.seed = flags.seed;
  plan.max_duration =
      std::max(plan.max_duration, plan.planned_duration() + std::chrono::seconds(1));

  lg::LoadRunner runner(plan);  // validates the plan and the allowed hosts: exit 2 before sending
  const std::uint64_t planned = plan.mode == lg::LoadMode::open
                                    ? std::min(plan.scheduled_requests(), plan.max_requests)
                                    : plan.max_requests;
  const double estimate = static_cast<double>(planned) / plan.shard.count * price;
  if (estimate > budget && !flags.confirm_spend) {
    char text[256];
    std::snprintf(
        text, sizeof text,
        "the test itself would cost about $%.4f (%llu requests x $%.8f), above the budget of $%.4f",
        estimate, static_cast<unsigned long long>(planned / plan.shard.count), price, budget);
    throw InputError({flags.scenario, 0, 0, "load.spend_budget_usd"}, text,
                     "pass --confirm-spend to run anyway");
  }

  const fs::path out = !flags.out.empty() ? fs::path(flags.out)
                       : plan.shard.count > 1
                           ? run_dir / ("load.shard" + std::to_string(plan.shard.index) + "of" +
                                        std::to_string(plan.shard.count) + ".json")
                           : run_dir / "load.json";
  const bool progress = flags.progress || isatty(STDERR_FILENO) == 1;
  interrupted = 0;
  auto previous = std::signal(SIGINT, on_interrupt);
  lg::LoadResult result;
  try {
    result =
        runner.run({.on_progress = progress ? print_progress
                                            : std::function<void(const lg::ProgressSnapshot&)>{},
                    .interrupt = &interrupted});
  } catch (...) {
    std::signal(SIGINT, previous);
    throw;
  }
  std::signal(SIGINT, previous);
  if (progress) std::fputc('\n', stderr);
  const std::string json = lg::to_json_text(result);
  write_file_atomically(out, json);
  if (flags.json) {
    std::cout << json;
  } else {
    std::cout << lg::format_percentile_table(result) << "\nwrote " << out.string() << '\n';
  }
  if (result.partial)
    std::cerr << "walletfuzz: replay stopped early (" << result.partial_reason
              << "); results are partial\n";
  return 0;
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
  sub->add_option("--out", flags->out, "Where to write load.json (default: the run directory)");
  sub->add_flag("--confirm-spend", flags->confirm_spend,
                "Run even if the estimated cost exceeds the budget");
  sub->add_flag("--insecure", flags->insecure, "Do not verify the target's TLS certificate");
  sub->add_flag("--progress", flags->progress, "Print progress even when stderr is not a terminal");
  sub->add_option("--budget-usd", flags->budget_usd, "Spend budget for the test itself")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--price-per-request-usd", flags->price_per_request_usd,
                  "Estimated price of one request")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--seed", flags->seed, "Seed of the class mix");
  sub->callback([&chosen, flags] { chosen = [flags] { return run_replay(*flags); }; });
}

}  // namespace walletfuzz::cli
