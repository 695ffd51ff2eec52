// `walletfuzz cost`: a quick estimate from numbers on the command line, the bill of a Lambda
// REPORT log, or the cost report (cost.json) of a run directory.
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include "command.hpp"
#include "scenario_target.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/text_format.hpp"
#include "walletfuzz/cost_model/cost_run.hpp"
#include "walletfuzz/formats/json_text.hpp"
#include "walletfuzz/plan/run_plan.hpp"
#include "walletfuzz/scenarios/loader.hpp"
#include "walletfuzz/scenarios/provider_limits.hpp"

namespace walletfuzz::cli {
namespace {

namespace cm = walletfuzz::cost_model;

struct CostFlags {
  std::string run_dir;
  std::string scenario;
  bool no_scenario = false;
  std::set<std::string> given;  ///< function flags given explicitly (they override a scenario)
  std::string provider = "aws-lambda";
  std::string arch = "x86_64";
  double memory_mb = 128;
  std::optional<double> duration_ms;
  std::optional<double> requests;
  std::optional<double> timeout_s;
  std::optional<double> ephemeral_mb;
  std::optional<double> vcpu;
  std::vector<std::string> addons;
  double request_bytes = 0;
  double response_bytes = 0;
  double log_bytes = 0;
  bool free_tier = false;
  bool json = false;
  std::vector<std::string> pricing_files;
  std::vector<std::string> price_overrides;
  std::string lambda_log;
  std::string out;
  double attack_rate = 100;
  double attack_hours = 24;
  std::optional<int> reserved_concurrency;
  std::optional<int> account_limit;
};

// "Absurd" bounds: far beyond any real function, small enough to catch a typo or a unit mistake.
constexpr double kMaxRequests = 1e15;
constexpr double kMaxBytes = 1e12;

double checked(double value, const char* flag, double max) {
  if (!std::isfinite(value) || value < 0 || value > max) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", max);
    throw InputError({"", 0, 0, flag}, "must be a number from 0 to " + std::string(text));
  }
  return value;
}

cm::PricingCatalog load_catalog(const CostFlags& f,
                                cm::PricingCatalog catalog = cm::PricingCatalog::builtin()) {
  for (const auto& file : f.pricing_files) catalog.add_file(file);
  std::vector<cm::PriceOverride> overrides;
  for (const auto& kv : f.price_overrides) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InputError({"", 0, 0, "--price"}, "expected KEY=VALUE, got '" + kv + "'",
                       "e.g. --price aws-lambda.meters.requests.tiers[0].usd=0.25");
    }
    overrides.push_back({kv.substr(0, eq), kv.substr(eq + 1), {"", 0, 0, "--price"}});
  }
  catalog.apply_overrides(overrides);
  return catalog;
}

// The function flags against the one table of provider limits `validate` checks scenarios
// with: a memory size the provider does not offer is an error, not silently billed at the next
// size up. Only flags given explicitly are checked (the defaults suit aws-lambda).
void check_function_flags(const CostFlags& f) {
  const scenarios::ProviderLimits* limits = scenarios::find_provider(f.provider);
  if (!limits) return;  // a provider of an extra --pricing file: its own sheet bounds it
  if (f.given.contains("--arch") && !limits->offers_arch(f.arch)) {
    std::string offered;
    for (const auto& arch : limits->arches) offered += (offered.empty() ? "" : ", ") + arch;
    throw InputError({"", 0, 0, "--arch"},
                     "'" + f.arch + "' is not an architecture of " + limits->name,
                     limits->name + " offers " + offered);
  }
  if (f.given.contains("--memory-mb") && !limits->offers_memory(f.memory_mb)) {
    char memory[32];
    std::snprintf(memory, sizeof memory, "%g", f.memory_mb);
    throw InputError({"", 0, 0, "--memory-mb"},
                     std::string(memory) + " MB is not a memory size of " + limits->name,
                     limits->memory_note);
  }
}

cm::FunctionConfig function_config(const CostFlags& f) {
  cm::FunctionConfig config;
  config.provider = f.provider;
  config.arch = f.arch;
  config.memory_mb = f.memory_mb;
  config.timeout_s = f.timeout_s;
  config.ephemeral_mb = f.ephemeral_mb;
  config.vcpu = f.vcpu;
  config.addons = f.addons;
  config.free_tier = f.free_tier;
  return config;
}

int run_quick_estimate(const CostFlags& f) {
  if (!f.duration_ms)
    throw InputError({"", 0, 0, "--duration-ms"}, "missing (or give RUN_DIR or --lambda-log)");
  if (!f.requests)
    throw InputError({"", 0, 0, "--requests"}, "missing (or give RUN_DIR or --lambda-log)");
  const double requests = checked(*f.requests, "--requests", kMaxRequests);
  if (requests != std::floor(requests))
    throw InputError({"", 0, 0, "--requests"}, "must be a whole number");
  const double duration = checked(*f.duration_ms, "--duration-ms", 1e9);
  const auto catalog = load_catalog(f);
  const cm::BillingModel model(catalog, function_config(f));
  if (duration > model.timeout_ms()) {
    throw InputError(
        {"", 0, 0, "--duration-ms"},
        "longer than the function's timeout of " + std::to_string(model.timeout_ms() / 1000.0) +
            " s",
        "raise --timeout-s (at most " + std::to_string(model.rules().timeout_max_s) + " s)");
  }
  cm::Usage usage;
  const auto n = static_cast<std::uint64_t>(requests);
  model.add_bucket(usage, duration, n);
  model.add_traffic(usage, n, checked(f.request_bytes, "--request-bytes", kMaxBytes),
                    checked(f.response_bytes, "--response-bytes", kMaxBytes),
                    checked(f.log_bytes, "--log-bytes", kMaxBytes));
  const cm::Bill bill = model.bill(usage);
  const double per_request = n > 0 ? model.marginal_usd(usage) / requests : 0;

  if (f.json) {
    boost::json::array items;
    for (const auto& item : bill.items) {
      items.push_back(boost::json::object{{"provider", item.provider},
                                          {"meter", item.meter},
                                          {"description", item.description},
                                          {"quantity", cm::quantity_name(item.quantity)},
                                          {"total", item.total},
                                          {"free", item.free},
                                          {"billable", item.billable},
                                          {"usd", item.usd},
                                          {"source_url", item.source.url},
                                          {"as_of", item.source.as_of},
                                          {"verified", item.source.verified}});
    }
    boost::json::array notes;
    for (const auto& note : bill.notes) notes.push_back(boost::json::value(note));
    const boost::json::object out{{"schema", "walletfuzz.cost-estimate/1"},
                                  {"provider", model.sheet().provider},
                                  {"region", model.sheet().region},
                                  {"arch", f.arch},
                                  {"memory_mb", f.memory_mb},
                                  {"billed_memory_mb", model.billed_memory_mb()},
                                  {"requests", n},
                                  {"duration_ms", duration},
                                  {"billed_ms_per_request", model.billed_ms(duration)},
                                  {"free_tier", f.free_tier},
                                  {"line_items", std::move(items)},
                                  {"total_usd", bill.total_usd},
                                  {"cost_per_request_usd", per_request},
                                  {"cost_per_million_usd", per_request * 1e6},
                                  {"notes", std::move(notes)}};
    std::cout << formats::to_json_text(out, false) << '\n';
    return 0;
  }
  std::printf("%s (%s), %s, %g MB (billed %g MB), %llu requests x %g ms (billed %g ms each)%s\n",
              model.sheet().name.c_str(), model.sheet().region.c_str(), f.arch.c_str(), f.memory_mb,
              model.billed_memory_mb(), static_cast<unsigned long long>(n), duration,
              model.billed_ms(duration), f.free_tier ? ", free tier applied" : "");
  for (const auto& item : bill.items) {
    std::printf("  %-44s %18.2f %-20s %12s\n", item.description.c_str(), item.billable,
                std::string(cm::quantity_name(item.quantity)).c_str(),
                format_usd(item.usd).c_str());
  }
  std::printf("  %-84s %12s\n", "total", format_usd(bill.total_usd).c_str());
  std::printf("  cost per request %s, per million %s (no free tier)\n",
              format_usd(per_request).c_str(), format_usd(per_request * 1e6).c_str());
  for (const auto& note : bill.notes) std::printf("  note: %s\n", note.c_str());
  return 0;
}

// The scenario whose plan prices the run: --scenario, else the copy `walletfuzz run` keeps in
// RUN_DIR/scenario.yaml; none with --no-scenario or without either.
std::filesystem::path scenario_of(const CostFlags& f) {
  if (f.no_scenario || f.run_dir.empty()) return {};
  if (!f.scenario.empty()) return f.scenario;
  const auto copy = std::filesystem::path(f.run_dir) / "scenario.yaml";
  return std::filesystem::exists(copy) ? copy : std::filesystem::path();
}

// What the cost stage runs with: the plan's functions, each at its own configuration, when there
// is a scenario (flags given explicitly then change the functions it does not list, and
// --free-tier / --with every function); else the one function the flags describe.
cm::CostRunOptions run_options(const CostFlags& f, const std::optional<plan::RunPlan>& plan) {
  cm::CostRunOptions options;
  if (plan) {
    options = plan->cost_options();
    cm::FunctionConfig& d = options.function;
    const cm::FunctionConfig flags = function_config(f);
    if (f.given.contains("--provider")) d.provider = flags.provider;
    if (f.given.contains("--arch")) d.arch = flags.arch;
    if (f.given.contains("--memory-mb")) d.memory_mb = flags.memory_mb;
    if (f.timeout_s) d.timeout_s = f.timeout_s;
    if (f.ephemeral_mb) d.ephemeral_mb = f.ephemeral_mb;
    if (f.vcpu) d.vcpu = f.vcpu;
    auto each = [&](auto change) {
      change(d);
      for (auto& [name, fn] : options.functions) change(fn.config);
    };
    if (f.free_tier) each([](cm::FunctionConfig& c) { c.free_tier = true; });
    for (const auto& addon : f.addons)
      each([&](cm::FunctionConfig& c) { c.addons.push_back(addon); });
    if (f.given.contains("--attack-rate")) options.attack_rate_rps = f.attack_rate;
  } else {
    options.function = function_config(f);
    options.attack_rate_rps = f.attack_rate;
  }
  options.run_dir = f.run_dir;
  if (!f.lambda_log.empty()) options.lambda_log = f.lambda_log;
  if (!f.out.empty()) options.output = f.out;
  options.traffic.log_bytes_per_invocation = checked(f.log_bytes, "--log-bytes", kMaxBytes);
  options.attack_rate_rps = checked(options.attack_rate_rps, "--attack-rate", 1e9);
  options.attack_hours = checked(f.attack_hours, "--attack-hours", 24.0 * 366 * 10);
  if (f.reserved_concurrency) options.reserved_concurrency = f.reserved_concurrency;
  options.account_concurrency_limit = f.account_limit;
  return options;
}

int run_cost_command(const CostFlags& f) {
  check_function_flags(f);
  if (f.run_dir.empty() && f.lambda_log.empty()) return run_quick_estimate(f);
  if (f.duration_ms || f.requests) {
    throw InputError({"", 0, 0, f.duration_ms ? "--duration-ms" : "--requests"},
                     "only for a quick estimate, not with RUN_DIR or --lambda-log");
  }
  std::optional<plan::RunPlan> plan;
  if (const auto file = scenario_of(f); !file.empty()) {
    // Only functions and pricing are needed; request files may be elsewhere.
    plan = load_scenario_target(file, {.read_files = false}).plan({.run_dir = f.run_dir});
  }
  const auto catalog =
      load_catalog(f, plan ? plan->pricing.catalog() : cm::PricingCatalog::builtin());
  const cm::CostRunOptions options = run_options(f, plan);
  if (f.run_dir.empty()) {
    // A REPORT log on its own: print its bill; write it only when asked to.
    cm::CostInputs inputs;
    inputs.report_file = f.lambda_log;
    inputs.report_log = cm::read_report_log_of(catalog, options, "", f.lambda_log);
    for (const auto& warning : cm::malformed_line_warnings(f.lambda_log, inputs.report_log->counts))
      std::cerr << "walletfuzz: " << warning << '\n';
    const formats::CostFile cost = cm::build_cost_report(catalog, options, inputs);
    const double total = cost.total_usd;
    const std::string text = formats::cost_to_json(cost);
    if (!f.out.empty()) formats::write_cost_file(f.out, cost);
    if (f.json) {
      std::cout << text;
    } else {
      std::printf("%zu REPORT lines billed, %zu skipped: total %s\n",
                  inputs.report_log->counts.record_count, inputs.report_log->counts.malformed_count,
                  format_usd(total).c_str());
    }
    return 0;
  }
  const cm::CostRunResult result = cm::run_cost(catalog, options);
  for (const auto& warning : result.warnings) std::cerr << "walletfuzz: " << warning << '\n';
  if (f.json) {
    std::cout << result.json_text;
  } else {
    std::printf("wrote %s: total %s\n", result.written.string().c_str(),
                format_usd(result.total_usd).c_str());
  }
  return 0;
}

}  // namespace

void add_cost_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand("cost",
                                  "What requests cost their owner: a quick estimate, a Lambda "
                                  "REPORT log, or a run's cost.json");
  auto f = std::make_shared<CostFlags>();
  sub->add_option("RUN_DIR", f->run_dir,
                  "Run directory with load.json / findings.json (and lambda-report/<function>.log "
                  "REPORT logs); writes cost.json");
  sub->add_option("--scenario", f->scenario,
                  "Scenario whose functions and pricing apply: each class is priced at its own "
                  "function's configuration (default: RUN_DIR/scenario.yaml when present)");
  sub->add_flag("--no-scenario", f->no_scenario,
                "Price every class with the flags alone, ignoring RUN_DIR/scenario.yaml");
  sub->add_option("--provider", f->provider,
                  "aws-lambda, gcp-cloud-functions-gen1, gcp-cloud-run-functions, "
                  "azure-functions-consumption, azure-functions-flex, cloudflare-workers")
      ->capture_default_str();
  sub->add_option("--arch", f->arch, "x86_64 or arm64")->capture_default_str();
  sub->add_option("--memory-mb", f->memory_mb,
                  "Configured memory (observed memory on Azure Consumption)")
      ->capture_default_str();
  sub->add_option("--duration-ms", f->duration_ms, "Duration of each request (quick estimate)");
  sub->add_option("--requests", f->requests, "Requests per month (quick estimate)");
  sub->add_option("--timeout-s", f->timeout_s, "Function timeout; default: the provider's");
  sub->add_option("--ephemeral-mb", f->ephemeral_mb, "AWS Lambda ephemeral storage (512-10240)");
  sub->add_option("--vcpu", f->vcpu, "Cloud Run vCPUs");
  sub->add_option("--with", f->addons,
                  "Add-on price sheet: aws-api-gateway-rest, aws-api-gateway-http, "
                  "aws-cloudwatch-logs, aws-data-transfer-out (repeatable)");
  sub->add_option("--request-bytes", f->request_bytes, "Request size (API Gateway metering)");
  sub->add_option("--response-bytes", f->response_bytes, "Response size (data transfer out)");
  sub->add_option("--log-bytes", f->log_bytes,
                  "Log bytes per invocation (CloudWatch Logs ingestion)");
  sub->add_flag("--free-tier", f->free_tier, "Subtract the monthly free tiers");
  sub->add_flag("--json", f->json, "Machine output on stdout");
  sub->add_option("--pricing", f->pricing_files,
                  "Extra or replacement pricing YAML file (repeatable)");
  sub->add_option("--price", f->price_overrides,
                  "Override a price: KEY=VALUE, e.g. "
                  "aws-lambda.meters.requests.tiers[0].usd=0.25 (repeatable)");
  sub->add_option("--lambda-log", f->lambda_log,
                  "AWS Lambda REPORT lines (text or JSON platform.report)");
  sub->add_option("--out", f->out, "Where to write cost.json (default RUN_DIR/cost.json)");
  sub->add_option("--attack-rate", f->attack_rate, "Attack projection: requests per second")
      ->capture_default_str();
  sub->add_option("--attack-hours", f->attack_hours, "Attack projection: hours")
      ->capture_default_str();
  sub->add_option("--reserved-concurrency", f->reserved_concurrency,
                  "The function's reserved concurrency")
      ->check(CLI::Range(0, 100000000));
  sub->add_option("--account-limit", f->account_limit,
                  "Account concurrency limit (default: provider's)")
      ->check(CLI::Range(1, 100000000));
  sub->callback([&chosen, f, sub] {
    for (const char* flag : {"--provider", "--arch", "--memory-mb", "--attack-rate"}) {
      if (sub->count(flag) > 0) f->given.insert(flag);
    }
    chosen = [f] { return run_cost_command(*f); };
  });
}

}  // namespace walletfuzz::cli
