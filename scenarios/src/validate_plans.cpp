// validate(): the fuzz and load plans, pricing, gates and output.
#include <algorithm>
#include <cmath>
#include <set>

#include "target_url.hpp"
#include "validate_internal.hpp"
#include "walletfuzz/core/host_allowlist.hpp"
#include "walletfuzz/scenarios/provider_limits.hpp"
#include "walletfuzz/yaml_reading/suggest.hpp"

namespace walletfuzz::scenarios::detail {

using yaml_reading::suggestion_hint;
namespace {

constexpr double kWeek_s = 7 * 24 * 3600.0;
constexpr double kMaxRate = 10'000'000;  // req/s; far above one machine, catches unit slips

void validate_stages(Checker& check, const LoadPlan& load) {
  if (load.mode == LoadMode::closed) {
    if (!load.stages.empty()) {
      check.fail("load.stages",
                 "closed mode sends as fast as the connections allow; stages "
                 "set rates, which it does not use",
                 "remove the stages (max_duration_s bounds the run) or use mode: open");
    }
    return;
  }
  if (load.stages.empty()) {
    check.fail("load.stages", "open mode needs at least one stage",
               "e.g. - {kind: constant, rate: 20, duration_s: 20}");
    return;
  }
  double total_s = 0;
  double planned = 0;
  for (std::size_t i = 0; i < load.stages.size(); ++i) {
    const LoadStage& stage = load.stages[i];
    std::string field = "load.stages[" + std::to_string(i) + "]";
    check.check_positive(field + ".duration_s", stage.duration_s, kWeek_s, "s");
    if (stage.kind == StageKind::ramp) {
      check.check_range(field + ".from_rate", stage.from_rate, 0, kMaxRate, "req/s");
      check.check_range(field + ".to_rate", stage.to_rate, 0, kMaxRate, "req/s");
      if (stage.from_rate == 0 && stage.to_rate == 0) {
        check.fail(field + ".to_rate", "a ramp from 0 to 0 req/s sends nothing",
                   "set to_rate to the rate the ramp should reach");
      }
    } else {
      check.check_positive(field + ".rate", stage.to_rate, kMaxRate, "req/s");
    }
    if (stage.duration_s > 0 && stage.from_rate >= 0 && stage.to_rate >= 0) {
      total_s += stage.duration_s;
      planned += (stage.from_rate + stage.to_rate) / 2 * stage.duration_s;
    }
  }
  // The caps are a safety net; a plan that needs more than they allow is a contradiction.
  if (total_s > load.max_duration_s) {
    check.fail("load.max_duration_s",
               "is " + format_number(load.max_duration_s) + " s but the stages last " +
                   format_number(total_s) + " s",
               "raise max_duration_s or shorten the stages");
  }
  if (planned > static_cast<double>(load.max_requests)) {
    check.fail("load.max_requests",
               "is " + std::to_string(load.max_requests) + " but the stages plan about " +
                   format_number(std::ceil(planned)) + " requests",
               "raise max_requests or lower the rates");
  }
}

void validate_mix(Checker& check, const TrafficMix& mix) {
  const std::pair<const char*, double> weights[] = {
      {"baseline", mix.baseline}, {"crash", mix.crash}, {"timeout", mix.timeout},
      {"oom", mix.oom},           {"slow", mix.slow},   {"leak", mix.leak}};
  double sum = 0;
  bool all_valid = true;
  for (const auto& [name, weight] : weights) {
    if (weight < 0) {
      check.fail(std::string("load.mix.") + name,
                 "must not be negative, got " + format_number(weight), "0 leaves this class out");
      all_valid = false;
    } else {
      sum += weight;
    }
  }
  if (all_valid && sum <= 0) {
    check.fail("load.mix", "the weights sum to zero, so no request could be chosen",
               "give baseline (or a finding kind) a positive weight");
  }
}

}  // namespace

void validate_fuzz(Checker& check) {
  const Scenario& scenario = check.scenario();
  if (!scenario.fuzz) return;
  const FuzzPlan& fuzz = *scenario.fuzz;
  std::string url_error;
  const auto url = scenario.target.kind == TargetKind::url
                       ? detail::parse_target_url(scenario.target.url, url_error)
                       : std::nullopt;
  if (url && !is_loopback_host(url->host)) {
    // Fuzzing a deployed endpoint costs money at a rate the search does not choose: it needs a
    // cap on the rate and a budget the spend guard checks before the first request.
    if (!fuzz.max_rps) {
      check.fail("fuzz.max_rps", "is required to fuzz a host other than loopback",
                 "e.g. max_rps: 20 (requests per second, all fuzzing processes together)");
    }
    if (!fuzz.spend_budget_usd) {
      check.fail("fuzz.spend_budget_usd", "is required to fuzz a host other than loopback",
                 "e.g. spend_budget_usd: 1 (fuzz refuses to start above it)");
    }
  }
  if (fuzz.max_rps) check.check_positive("fuzz.max_rps", *fuzz.max_rps, 100'000, "requests/s");
  if (fuzz.spend_budget_usd)
    check.check_positive("fuzz.spend_budget_usd", *fuzz.spend_budget_usd, 1e6, "USD");
  check.check_positive("fuzz.time_budget_s", fuzz.time_budget_s, kWeek_s, "s");
  check.check_range("fuzz.jobs", fuzz.jobs, 1, 256, "", "one fuzzing process per job");
  if (!fuzz.slow_threshold.ratio && !fuzz.slow_threshold.ms) {
    check.fail("fuzz.slow_threshold", "sets neither ratio nor ms",
               "e.g. ratio: 10 (× the baseline median) and/or ms: 500");
  }
  if (fuzz.slow_threshold.ratio && !(*fuzz.slow_threshold.ratio > 1)) {
    check.fail("fuzz.slow_threshold.ratio",
               "must be more than 1, got " + format_number(*fuzz.slow_threshold.ratio),
               "it multiplies the handler's baseline median, e.g. 10");
  }
  if (fuzz.slow_threshold.ms) {
    check.check_positive("fuzz.slow_threshold.ms", *fuzz.slow_threshold.ms, 900'000, "ms");
  }
  // A trillion executions is weeks of one core even for a microsecond handler: more is a typo.
  check.check_range("fuzz.execs_per_handler", static_cast<double>(fuzz.execs_per_handler), 0, 1e12,
                    "executions", "0 bounds each handler's search by time only");
  check.check_range("fuzz.same_defect_limit", fuzz.same_defect_limit, 0, 1000, "processes",
                    "0 restarts a handler after every crash until its time or executions end");
  check.check_range("fuzz.memory_limit_mb", fuzz.memory_limit_mb, 64, 1'048'576, "MB");
  // 10 MiB: the largest request body API Gateway passes on; a fuzzer input is also held several
  // times over by libFuzzer, so more would only spend the memory limit.
  check.check_range("fuzz.max_input_bytes", fuzz.max_input_bytes, 256, 10'485'760, "bytes");
  // An OOM finding means "more than the function's memory"; the fuzzing process must be allowed
  // more than that, or it is killed before the finding can be recorded.
  for (std::size_t i = 0; i < scenario.functions.size(); ++i) {
    const auto& memory = scenario.functions[i].memory_mb;
    if (memory && *memory >= fuzz.memory_limit_mb) {
      check.fail("fuzz.memory_limit_mb",
                 std::to_string(fuzz.memory_limit_mb) + " MB is not above " +
                     scenario.functions[i].name + "'s " + std::to_string(*memory) + " MB",
                 "raise it so that out-of-memory inputs can be told apart");
      break;
    }
  }
  std::error_code ec;
  if (std::filesystem::is_regular_file(fuzz.corpus_dir, ec)) {
    check.fail("fuzz.corpus_dir", fuzz.corpus_dir.string() + " is a file, expected a directory");
  }
  std::vector<std::string> names = handler_names(scenario, check.options());
  // An application's names are known only when the caller passed them (LoadOptions).
  bool can_check =
      scenario.target.kind == TargetKind::url || !check.options().known_handlers.empty();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < fuzz.handlers.size(); ++i) {
    const std::string& name = fuzz.handlers[i];
    std::string field = "fuzz.handlers[" + std::to_string(i) + "]";
    if (!seen.insert(name).second) {
      check.fail(field, "lists '" + name + "' twice");
    } else if (can_check && std::find(names.begin(), names.end(), name) == names.end()) {
      check.fail(field, "no handler is called '" + name + "'",
                 suggestion_hint(name, names, "handlers are"));
    }
  }
}

void validate_load(Checker& check) {
  const Scenario& scenario = check.scenario();
  if (!scenario.load) return;
  const LoadPlan& load = *scenario.load;
  validate_stages(check, load);
  validate_mix(check, load.mix);
  check.check_range("load.connections", load.connections, 1, 100'000, "");
  check.check_range("load.threads", load.threads, 1, 256, "");
  if (load.threads > load.connections && load.connections >= 1) {
    check.fail("load.threads",
               std::to_string(load.threads) + " threads for " + std::to_string(load.connections) +
                   " connections leaves threads idle",
               "each thread needs at least one connection");
  }
  if (load.max_requests == 0) check.fail("load.max_requests", "must be at least 1");
  check.check_positive("load.max_duration_s", load.max_duration_s, kWeek_s, "s");
  check.check_range("load.request_timeout_ms", load.request_timeout_ms, 1, 900'000, "ms");
  check.check_range("load.spend_budget_usd", load.spend_budget_usd, 0, 1'000'000, "USD");
  check.check_range("load.price_per_request_usd", load.price_per_request_usd, 0, 1, "USD",
                    "a whole request's price, e.g. 0.000002 ($2 per million)");
}

void validate_pricing_gates_output(Checker& check) {
  const Scenario& scenario = check.scenario();
  const Pricing& pricing = scenario.pricing;
  if (const ProviderLimits* limits = find_provider(pricing.provider)) {
    if (!limits->offers_arch(pricing.arch)) {
      check.fail("pricing.arch", "'" + pricing.arch + "' is not an architecture of " + limits->name,
                 suggestion_hint(pricing.arch, limits->arches, limits->name + " offers"));
    }
  } else {
    check.fail("pricing.provider", "unknown provider '" + pricing.provider + "'",
               suggestion_hint(pricing.provider, known_providers()));
  }
  bool region_ok = !pricing.region.empty() &&
                   pricing.region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") ==
                       std::string::npos;
  if (!region_ok) {
    check.fail("pricing.region", "'" + pricing.region + "' is not a region name",
               "lower case, e.g. us-east-1");
  }

  const Gates& gates = scenario.gates;
  if (gates.max_amplification && !(*gates.max_amplification >= 1)) {
    check.fail("gates.max_amplification",
               "must be at least 1, got " + format_number(*gates.max_amplification),
               "amplification is a finding's cost over its handler's baseline cost");
  }
  if (gates.max_cost_per_million_usd && *gates.max_cost_per_million_usd < 0) {
    check.fail("gates.max_cost_per_million_usd", "must not be negative");
  }
  if (gates.max_p99_ms) {
    check.check_positive("gates.max_p99_ms", *gates.max_p99_ms, 3'600'000, "ms");
    if (!scenario.load) {
      check.fail("gates.max_p99_ms", "needs a load section: p99 is measured under load",
                 "add load stages at the planned rate, or remove this gate");
    }
  }
  for (const auto& [key, gate] :
       {std::pair{"gates.max_error_rate", gates.max_error_rate},
        std::pair{"gates.max_throttled_rate", gates.max_throttled_rate}}) {
    if (!gate) continue;
    check.check_range(key, *gate, 0, 1, "(a share of the requests sent)");
    if (!scenario.load) {
      check.fail(key, "needs a load section: the rate is measured under load",
                 "add load stages at the planned rate, or remove this gate");
    }
  }
  if (gates.max_attacker_spend) {
    check.check_range("gates.max_attacker_spend.usd_per_hour",
                      gates.max_attacker_spend->usd_per_hour, 0, 1e9, "USD");
    check.check_positive("gates.max_attacker_spend.at_rate_rps",
                         gates.max_attacker_spend->at_rate_rps, kMaxRate, "req/s");
  }

  std::error_code ec;
  if (std::filesystem::is_regular_file(scenario.output.run_dir, ec)) {
    check.fail("output.run_dir",
               scenario.output.run_dir.string() + " is a file, expected a directory");
  }
}

}  // namespace walletfuzz::scenarios::detail
