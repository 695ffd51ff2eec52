// Building the run plan: every scenario field resolved, once, into the option types the stages
// take (functions with their own configuration, fuzz campaign, load plan, pricing, gates).
#include "walletfuzz/plan/run_plan.hpp"

#include <algorithm>
#include <chrono>

#include "walletfuzz/core/host_allowlist.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::plan {
namespace {

namespace sc = walletfuzz::scenarios;
namespace lg = walletfuzz::loadgen;
namespace fs = std::filesystem;

std::chrono::nanoseconds seconds(double s) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(s));
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

PricingPlan pricing_plan(const sc::Scenario& s) {
  PricingPlan p{.provider = s.pricing.provider,
                .region = s.pricing.region,
                .arch = s.pricing.arch,
                .free_tier = s.pricing.free_tier,
                .addons = s.pricing.addons};
  for (const auto& o : s.pricing.overrides)
    p.overrides.push_back({o.key, o.value, sc::locate(s, "pricing.overrides." + o.key)});
  return p;
}

// A function as deployed: the scenario's settings, else the bundled handler's own, else the
// provider's defaults (the cost model's). `listed` is false for an app handler the scenario did
// not list (its configuration then comes from the pricing section).
FunctionPlan function_plan(const sc::Scenario& s, const sc::FunctionSpec& fn, std::size_t index,
                           bool listed, const fuzzers::HandlerInfo* handler,
                           const PricingPlan& pricing) {
  FunctionPlan f{.name = fn.name, .method = fn.method, .route = fn.route};
  if (handler != nullptr) {
    if (f.method.empty()) f.method = handler->method;
    if (f.route.empty()) f.route = handler->route;
  }
  cost_model::FunctionConfig& c = f.config;
  c.provider = fn.provider.empty() ? pricing.provider : fn.provider;
  c.arch = fn.arch.empty() ? pricing.arch : fn.arch;
  if (fn.memory_mb) {
    c.memory_mb = *fn.memory_mb;
  } else if (handler != nullptr) {
    c.memory_mb = handler->memory_mb;
  }
  if (fn.timeout_ms) {
    c.timeout_s = *fn.timeout_ms / 1000.0;
  } else if (handler != nullptr) {
    c.timeout_s = std::chrono::duration<double>(handler->timeout).count();
  }
  const unsigned reserved =
      fn.reserved_concurrency.value_or(handler != nullptr ? handler->reserved_concurrency : 0);
  if (reserved > 0) f.reserved_concurrency = static_cast<int>(reserved);
  c.addons = pricing.addons;
  c.free_tier = pricing.free_tier;
  c.origin =
      listed ? sc::locate(s, "functions[" + std::to_string(index) + "]") : sc::locate(s, "pricing");
  for (const auto& b : fn.baseline) f.baseline.push_back(b.request);
  f.expect = fn.expect;
  if (f.baseline.empty() && handler != nullptr) {
    for (const auto& raw : handler->baseline_requests) {
      auto parsed = parse_request(raw);
      if (parsed.request) f.baseline.push_back(*parsed.request);
    }
  }
  return f;
}

// pricing.traffic and pricing.mitigations, as the cost model takes them. Traffic declared for a
// function the plan does not have is an error at its line.
void declared_traffic(const sc::Scenario& s, RunPlan& plan) {
  using Source = cost_model::DeclaredTraffic::Source;
  for (const auto& entry : s.pricing.traffic) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& name = entry.first;
    const auto& t = entry.second;
    auto it = std::find_if(plan.functions.begin(), plan.functions.end(),
                           [&](const FunctionPlan& f) { return f.name == name; });
    if (it == plan.functions.end()) {
      throw InputError(sc::locate(s, "pricing.traffic." + name),
                       "traffic for '" + name + "', which is not a function of this run");
    }
    if (t.requests_per_month) it->traffic = {Source::requests_per_month, *t.requests_per_month};
    if (t.requests_per_second) it->traffic = {Source::requests_per_second, *t.requests_per_second};
    if (t.report_log_hours) it->traffic = {Source::report_log, *t.report_log_hours};
  }
  const sc::MitigationInputs& m = s.pricing.mitigations;
  if (m.reserved_concurrency) plan.mitigations.reserved_concurrency = *m.reserved_concurrency;
  plan.mitigations.rate_limit_rps = m.rate_limit_rps;
  if (m.timeout_ms) plan.mitigations.timeout_ms = *m.timeout_ms;
  if (m.max_request_bytes) plan.mitigations.max_request_bytes = *m.max_request_bytes;
}

const fuzzers::HandlerInfo* find_handler(const AppHandlers& app, std::string_view name) {
  for (const auto& h : app) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

std::vector<FunctionPlan> function_plans(const sc::Scenario& s, const AppHandlers* app,
                                         const PricingPlan& pricing) {
  const bool bundled = s.target.kind != sc::TargetKind::url && app != nullptr;
  std::vector<sc::FunctionSpec> specs = s.functions;
  const bool listed = !specs.empty();
  // A bundled target without a functions section means every handler of the app.
  if (!listed && bundled) {
    for (const auto& h : *app) specs.push_back({.name = h.name});
  }
  std::vector<FunctionPlan> out;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const fuzzers::HandlerInfo* handler = bundled ? find_handler(*app, specs[i].name) : nullptr;
    if (bundled && handler == nullptr) {
      throw InputError(sc::locate(s, "functions[" + std::to_string(i) + "].name"),
                       "the app has no handler '" + specs[i].name + "'");
    }
    out.push_back(function_plan(s, specs[i], i, listed, handler, pricing));
  }
  return out;
}

// The handlers to fuzz: fuzz.handlers, else the functions the scenario lists (as for the load
// test, listing functions restricts the run to them), else every handler of the app.
std::vector<std::string> fuzz_handlers(const sc::Scenario& s, const sc::FuzzPlan& fuzz,
                                       const std::vector<FunctionPlan>& functions,
                                       const AppHandlers* app) {
  std::vector<std::string> names = fuzz.handlers;
  std::string field = "fuzz.handlers";
  if (names.empty()) {
    for (const auto& f : functions) names.push_back(f.name);
    field = "functions";
  }
  if (app == nullptr || s.target.kind == sc::TargetKind::url) return names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (find_handler(*app, names[i]) != nullptr) continue;
    std::string known;
    for (const auto& h : *app) known += (known.empty() ? "" : ", ") + h.name;
    throw InputError(sc::locate(s, field + "[" + std::to_string(i) + "]"),
                     "unknown handler '" + names[i] + "'", "the app has: " + known);
  }
  return names;
}

FuzzStagePlan fuzz_stage(const sc::Scenario& s, const RunPlan& plan, const AppHandlers* app,
                         const PlanOverrides& o) {
  const sc::FuzzPlan fuzz = s.fuzz.value_or(sc::FuzzPlan{});
  FuzzStagePlan out{.variant = s.target.variant,
                    .function_settings = sc::bundled_settings_overrides(s)};
  fuzzers::CampaignOptions& c = out.campaign;
  c.run_dir = plan.run_dir;
  c.corpus_dir = o.corpus_dir.value_or(fuzz.corpus_dir.empty() ? fs::path("corpus") / s.name
                                                               : fuzz.corpus_dir);
  c.handlers = fuzz_handlers(s, fuzz, plan.functions, app);
  c.time_budget_s = o.fuzz_time_s.value_or(fuzz.time_budget_s);
  c.jobs = o.fuzz_jobs.value_or(fuzz.jobs);
  c.execs_per_handler = fuzz.execs_per_handler;
  c.same_defect_limit = fuzz.same_defect_limit;
  c.seed = o.fuzz_seed.value_or(fuzz.seed);
  c.rss_limit_mb = fuzz.memory_limit_mb;
  c.slow_ratio = fuzz.slow_threshold.ratio.value_or(0);
  c.slow_ms = fuzz.slow_threshold.ms;
  c.amplification_basis = s.gates.amplification;
  c.max_len = fuzz.max_input_bytes;
  return out;
}

LoadStagePlan load_stage(const sc::Scenario& s, const RunPlan& plan) {
  const sc::LoadPlan& load = *s.load;
  LoadStagePlan out{.mix = load.mix,
                    .spend_budget_usd = load.spend_budget_usd,
                    .price_per_request_usd = load.price_per_request_usd};
  lg::LoadPlan& lp = out.load;
  // Loopback is always allowed (walletfuzz/core/host_allowlist.hpp); anything else must be
  // named. Each name once, so that a refusal lists none twice.
  lp.allowed_hosts = s.target.allow_hosts;
  for (const std::string& host : loopback_hosts()) {
    if (!host_matches(lp.allowed_hosts, host)) lp.allowed_hosts.push_back(host);
  }
  lp.verify_tls = !s.target.insecure_tls;
  lp.leak_allowlist = s.leaks.allow;
  if (s.target.kind == sc::TargetKind::url)
    lp.target = lg::parse_target_url(s.target.url, "target.url");
  std::vector<lg::RequestClass> baselines;
  for (const auto& f : plan.functions) {
    for (std::size_t i = 0; i < f.baseline.size(); ++i) {
      baselines.push_back(
          {.name = "baseline:" + f.name + (i == 0 ? "" : "#" + std::to_string(i + 1)),
           .handler = f.name,
           .request = f.baseline[i],
           .expect = f.expect});
    }
  }
  for (auto& b : baselines) b.weight = load.mix.baseline / static_cast<double>(baselines.size());
  if (load.mix.baseline > 0) lp.classes = std::move(baselines);
  lp.mode = load.mode == sc::LoadMode::closed ? lg::LoadMode::closed : lg::LoadMode::open;
  for (const auto& st : load.stages) {
    lp.stages.push_back({.kind = stage_kind(st.kind),
                         .duration = seconds(st.duration_s),
                         .start_rate = st.from_rate,
                         .end_rate = st.to_rate});
  }
  lp.connections = load.connections;
  lp.threads = load.threads;
  lp.max_requests = load.max_requests;
  lp.max_duration = seconds(load.max_duration_s);
  lp.closed_duration = std::min(lp.max_duration, seconds(60));
  lp.request_timeout = std::chrono::milliseconds(load.request_timeout_ms);
  lp.headers = load.headers;
  lp.templates = load.templates;
  lp.max_baseline_check_failures = load.max_baseline_check_failures;
  lp.data_dir = s.base_dir.empty() ? fs::path(".") : s.base_dir;
  // findings_from names a run directory or a findings.json; by default, this run's own.
  const fs::path& from = load.findings_from;
  out.findings_file = from.empty() ? plan.findings_file()
                      : from.extension() == ".json" && !fs::is_directory(from)
                          ? from
                          : from / "findings.json";
  return out;
}

reports::ReportOptions report_options(const sc::Scenario& s) {
  reports::ReportOptions options;
  const sc::Gates& gates = s.gates;
  options.gates.no_new_crashes = gates.no_new_crash;
  options.gates.no_new_leaks = gates.no_new_leak;
  options.gates.leak_allowlist = s.leaks.allow;
  options.gates.max_amplification = gates.max_amplification;
  options.gates.amplification_basis = gates.amplification;
  options.gates.max_cost_per_million_usd = gates.max_cost_per_million_usd;
  options.gates.max_p99_ms = gates.max_p99_ms;
  options.gates.max_error_rate = gates.max_error_rate;
  options.gates.max_throttled_rate = gates.max_throttled_rate;
  if (gates.max_attacker_spend) {
    options.gates.max_attack_usd_per_hour = gates.max_attacker_spend->usd_per_hour;
    options.gates.attack_rate_rps = gates.max_attacker_spend->at_rate_rps;
  }
  options.use_history = s.output.history;
  options.scenario_path = s.source_file.string();
  if (s.target.kind == sc::TargetKind::url) options.target_url = s.target.url;
  return options;
}

}  // namespace

cost_model::PricingCatalog PricingPlan::catalog() const {
  auto catalog = cost_model::PricingCatalog::builtin();
  catalog.apply_overrides(overrides);
  return catalog;
}

bool LoadStagePlan::wants_findings() const {
  return mix.crash > 0 || mix.timeout > 0 || mix.oom > 0 || mix.slow > 0 || mix.leak > 0;
}

const FunctionPlan* RunPlan::function(std::string_view name) const {
  const auto it = std::find_if(functions.begin(), functions.end(),
                               [&](const FunctionPlan& f) { return f.name == name; });
  return it == functions.end() ? nullptr : &*it;
}

const FunctionPlan* RunPlan::function_for(const Request& request) const {
  // The path without query, and without the scheme and authority of absolute form.
  std::string path = request.target;
  if (path.starts_with("http://") || path.starts_with("https://")) {
    const auto slash = path.find('/', path.find("//") + 2);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  path = path.substr(0, path.find('?'));
  const FunctionPlan* prefix_match = nullptr;
  for (const auto& f : functions) {
    if (f.route.empty()) continue;
    if (!f.method.empty() && f.method != "*" && !iequals(f.method, request.method)) continue;
    if (f.route.ends_with('*')) {
      if (prefix_match == nullptr &&
          path.starts_with(std::string_view(f.route).substr(0, f.route.size() - 1)))
        prefix_match = &f;
    } else if (path == f.route) {
      return &f;  // exact routes win over prefixes
    }
  }
  return prefix_match;
}

cost_model::CostRunOptions RunPlan::cost_options() const {
  cost_model::CostRunOptions options;
  options.function = default_function;
  for (const auto& f : functions)
    options.functions[f.name] = {f.config, f.reserved_concurrency, f.traffic};
  options.mitigations = mitigations;
  options.run_dir = run_dir;
  options.attack_rate_rps = attack_rate_rps;
  return options;
}

RunPlan build_run_plan(const sc::Scenario& scenario, const AppHandlers* app,
                       const PlanOverrides& overrides) {
  RunPlan plan;
  plan.scenario = scenario;
  plan.run_dir = overrides.run_dir.value_or(scenario.output.run_dir);
  plan.pricing = pricing_plan(scenario);
  plan.functions = function_plans(scenario, app, plan.pricing);
  plan.default_function = {.provider = plan.pricing.provider,
                           .arch = plan.pricing.arch,
                           .addons = plan.pricing.addons,
                           .free_tier = plan.pricing.free_tier,
                           .origin = sc::locate(scenario, "pricing")};
  // Every configuration is checked against its provider's rules now, so a bad one stops the
  // run before fuzzing, at the scenario's line, rather than in the cost stage at the end.
  const auto catalog = plan.pricing.catalog();
  cost_model::BillingModel check(catalog, plan.default_function);
  for (const auto& f : plan.functions) cost_model::BillingModel(catalog, f.config);
  declared_traffic(scenario, plan);
  if (scenario.fuzz || overrides.fuzz_stage) plan.fuzz = fuzz_stage(scenario, plan, app, overrides);
  if (scenario.load) plan.load = load_stage(scenario, plan);
  plan.report = report_options(scenario);
  if (scenario.gates.max_attacker_spend && scenario.gates.max_attacker_spend->at_rate_rps > 0)
    plan.attack_rate_rps = scenario.gates.max_attacker_spend->at_rate_rps;
  return plan;
}

}  // namespace walletfuzz::plan
