// `walletfuzz replay SCENARIO [flags]`: builds a loadgen::LoadPlan from a scenario (or from flags
// and request files alone), checks the target is allowed and the test's own cost is within
// budget, runs it, and writes load.json atomically plus a wrk2-style table.
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
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/cost_model/pricing.hpp"
#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/loadgen/load_runner.hpp"
#include "walletfuzz/loadgen/spend_estimate.hpp"
#include "walletfuzz/sample_app/app.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {
namespace {
namespace lg = walletfuzz::loadgen;
namespace sc = walletfuzz::scenarios;
namespace cm = walletfuzz::cost_model;
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
  // A second Ctrl-C ends the process at once, without waiting for the drain.
  std::signal(SIGINT, SIG_DFL);
}

// What the pre-send spend estimate needs from the scenario: the pricing catalog with the
// scenario's overrides, the function each handler runs as, and measured baseline durations.
struct SpendInputs {
  cm::PricingCatalog catalog = cm::PricingCatalog::builtin();
  cm::FunctionConfig default_function;                  ///< for classes no function is known for
  std::map<std::string, cm::FunctionConfig> functions;  ///< by function (handler) name
  std::map<std::string, double> baseline_median_ms;     ///< by handler, from findings.json
  std::optional<HandlerRegistry> bundled_app;           ///< routes requests of a bundled target
  struct Route {
    std::string function, method, route;
  };
  std::vector<Route> routes;  ///< url target: which function serves which method and path
  std::optional<double> fallback_usd_per_request;  ///< scenario's, when the catalog cannot price
};

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
std::vector<lg::RequestClass> findings_classes(const fs::path& from, const sc::TrafficMix& mix,
                                               std::map<std::string, double>& baseline_ms) {
  const fs::path file = fs::is_directory(from) ? from / "findings.json" : from;
  const fs::path run_dir = file.parent_path();
  const formats::FindingsFile findings = formats::read_findings_file(file);
  std::vector<lg::RequestClass> out;
  std::map<std::string, double> share = {{"crash", mix.crash},
                                         {"timeout", mix.timeout},
                                         {"oom", mix.oom},
                                         {"slow", mix.slow},
                                         {"leak", mix.leak}};
  std::map<std::string, unsigned> per_kind;
  for (std::size_t i = 0; i < findings.findings.size(); ++i) {
    const formats::FindingRecord& f = findings.findings[i];
    lg::RequestClass c;
    c.finding_id = f.id;
    c.kind = f.kind;
    c.handler = f.handler;
    c.name = "finding:" + c.finding_id;
    if (!share.contains(c.kind)) {
      throw InputError({file.string(), 0, 0, "findings[" + std::to_string(i) + "].kind"},
                       "unknown kind \"" + c.kind + "\"");
    }
    // The handler's baseline median, measured beside the finding: the spend estimate's duration
    // for that handler's baseline requests (the longest, when findings disagree).
    const double ms = static_cast<double>(f.baseline_median_ns) / 1e6;
    if (ms > 0) baseline_ms[c.handler] = std::max(baseline_ms[c.handler], ms);
    if (share[c.kind] <= 0) continue;  // weight 0 leaves the kind out
    c.request = load_request_file(run_dir / f.file);
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

// The function as deployed, for pricing: the scenario's settings, else the bundled handler's own,
// else the provider's defaults (the cost model's).
cm::FunctionConfig function_config(const sc::Scenario& s, const sc::FunctionSpec& fn,
                                   std::size_t index, const HandlerRegistry& app) {
  cm::FunctionConfig config;
  config.provider = fn.provider.empty() ? s.pricing.provider : fn.provider;
  config.arch = fn.arch.empty() ? s.pricing.arch : fn.arch;
  const HandlerSpec* bundled =
      s.target.kind == sc::TargetKind::bundled ? app.find(fn.name) : nullptr;
  if (fn.memory_mb) {
    config.memory_mb = *fn.memory_mb;
  } else if (bundled != nullptr) {
    config.memory_mb = bundled->settings.memory_mb;
  }
  if (fn.timeout_ms) {
    config.timeout_s = *fn.timeout_ms / 1000.0;
  } else if (bundled != nullptr) {
    config.timeout_s = std::chrono::duration<double>(bundled->settings.timeout).count();
  }
  config.origin = sc::locate(s, "functions[" + std::to_string(index) + "]");
  return config;
}

// Scenario -> plan: target, allowed hosts, classes (baselines and findings), stages, limits.
void apply_scenario(const sc::Scenario& s, const ReplayFlags& flags, lg::LoadPlan& plan,
                    double& budget, SpendInputs& spend, fs::path& run_dir) {
  run_dir = s.output.run_dir;
  plan.allowed_hosts = s.target.allow_hosts;
  plan.verify_tls = !s.target.insecure_tls;
  if (s.target.kind == sc::TargetKind::url) {
    plan.target = lg::parse_target_url(s.target.url, "target.url");
  } else if (flags.target.empty()) {
    throw InputError(sc::locate(s, "target"), "the bundled app has no fixed address",
                     "start `walletfuzz serve --port P` and pass --target http://127.0.0.1:P");
  }
  auto app =
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
  for (std::size_t f = 0; f < functions.size(); ++f) {
    const auto& fn = functions[f];
    spend.functions[fn.name] = function_config(s, fn, f, app);
    if (!fn.route.empty()) spend.routes.push_back({fn.name, fn.method, fn.route});
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
    for (auto& c : findings_classes(findings, load.mix, spend.baseline_median_ms))
      plan.classes.push_back(std::move(c));
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
  spend.default_function.provider = s.pricing.provider;
  spend.default_function.arch = s.pricing.arch;
  spend.fallback_usd_per_request = load.price_per_request_usd;
  std::vector<cm::PriceOverride> overrides;
  for (const auto& o : s.pricing.overrides)
    overrides.push_back({o.key, o.value, sc::locate(s, "pricing.overrides." + o.key)});
  spend.catalog.apply_overrides(overrides);
  if (s.target.kind == sc::TargetKind::bundled) spend.bundled_app = std::move(app);
}

// The path of a request, without query and without the scheme and authority of absolute form.
std::string request_path(const Request& request) {
  std::string path = request.target;
  if (path.starts_with("http://") || path.starts_with("https://")) {
    const auto slash = path.find('/', path.find("//") + 2);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  return path.substr(0, path.find('?'));
}

// The function a request without a known handler reaches: by the bundled app's routing, or by
// the routes the scenario lists for a url target. Empty when none matches.
std::string function_of(const Request& request, const SpendInputs& in) {
  const std::string path = request_path(request);
  if (in.bundled_app) {
    const HandlerSpec* spec = in.bundled_app->route(request.method, path);
    return spec != nullptr ? spec->name : std::string();
  }
  for (const auto& r : in.routes) {
    const bool method_ok = r.method.empty() || r.method == "*" || iequals(r.method, request.method);
    const bool path_ok =
        r.route.ends_with('*')
            ? path.starts_with(std::string_view(r.route).substr(0, r.route.size() - 1))
            : path == r.route;
    if (method_ok && path_ok) return r.function;
  }
  return {};
}

// How each class is priced. Findings (and request files, which may well be findings) are
// assumed to run to their function's timeout: they are slow, time out or crash by design, and
// the timeout is the most one invocation can be billed. A scenario baseline uses its handler's
// baseline median measured by the fuzzers (findings.json) when there is one, else the timeout.
std::vector<lg::ClassPricing> class_pricing(const lg::LoadPlan& plan, const SpendInputs& in,
                                            std::optional<double> flat_usd) {
  std::vector<lg::ClassPricing> out;
  for (const auto& c : plan.classes) {
    lg::ClassPricing p;
    const std::string function = c.handler.empty() ? function_of(c.request, in) : c.handler;
    const auto known = in.functions.find(function);
    p.function = known != in.functions.end() ? known->second : in.default_function;
    if (c.kind == "baseline" && !c.handler.empty()) {
      const auto median = in.baseline_median_ms.find(c.handler);
      if (median != in.baseline_median_ms.end()) p.duration_ms = median->second;
    }
    if (flat_usd) {
      p.flat_usd_per_request = flat_usd;
    } else if (in.catalog.find(p.function.provider) == nullptr) {
      p.flat_usd_per_request = in.fallback_usd_per_request;
    }
    out.push_back(std::move(p));
  }
  return out;
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
  SpendInputs spend;
  spend.fallback_usd_per_request = 0.000002;
  fs::path run_dir = ".";
  if (!flags.scenario.empty()) {
    apply_scenario(sc::load_scenario(flags.scenario), flags, plan, budget, spend, run_dir);
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
  plan.seed = flags.seed;
  plan.max_duration =
      std::max(plan.max_duration, plan.planned_duration() + std::chrono::seconds(1));

  lg::LoadRunner runner(plan);  // validates the plan and the allowed hosts: exit 2 before sending
  const lg::SpendEstimate estimate = lg::estimate_spend(
      spend.catalog, plan, class_pricing(plan, spend, flags.price_per_request_usd));
  char budget_text[32];
  std::snprintf(budget_text, sizeof budget_text, "$%.4f", budget);
  if (estimate.total_usd > budget && !flags.confirm_spend) {
    throw InputError(
        {flags.scenario, 0, 0, flags.budget_usd ? "--budget-usd" : "load.spend_budget_usd"},
        "the test itself would cost about " + estimate.summary() + ", above the budget of " +
            budget_text,
        "pass --confirm-spend to run anyway");
  }
  std::cerr << "walletfuzz replay: estimated cost of this test " << estimate.summary()
            << "; budget " << budget_text << '\n';

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
  formats::write_load_file(out, result);
  if (flags.json) {
    std::cout << formats::load_to_json(result);
  } else {
    std::cout << lg::format_percentile_table(result) << "\nwrote " << out.string() << '\n';
  }
  if (result.partial)
    std::cerr << "walletfuzz: replay stopped early (" << result.partial_reason
              << "); results are partial\n";
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
  sub->add_option("--out", flags->out, "Where to write load.json (default: the run directory)");
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
  sub->footer(
      "Before sending, the test's own cost is estimated with the cost model on the scenario's "
      "provider (pricing section, overrides included): per request class, expected requests x "
      "(request price + billed duration x the function's memory), first-tier prices, no free "
      "tier. Findings and --request files are assumed to run to their function's timeout (slow "
      "by design; the most one invocation can be billed); scenario baselines at the handler's "
      "baseline median from findings.json when measured, else the timeout too. Above the budget "
      "(load.spend_budget_usd or --budget-usd) replay refuses with exit 2 unless --confirm-spend. "
      "SIGINT stops sending, waits up to 2 s for responses in flight, writes the partial "
      "load.json (partial: true) and exits 3.\n");
  sub->callback([&chosen, flags] { chosen = [flags] { return run_replay(*flags); }; });
}

}  // namespace walletfuzz::cli
