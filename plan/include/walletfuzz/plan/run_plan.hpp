#pragma once
// The run plan: one typed, validated description of a walletfuzz run that every stage consumes.
// A scenario is interpreted here, once; `walletfuzz run`, `fuzz`, `replay`, `cost` and `report`
// take the plan and turn their flags into PlanOverrides, so no command re-reads a scenario field
// its own way, and every stage reads and writes the same run directory.
//
//   namespace wp = walletfuzz::plan;
//   const wp::AppHandlers app = fuzzers::query_target(binary, {}).handlers;  // or
//   describe_handlers wp::RunPlan plan = wp::build_run_plan(scenario, &app, {.run_dir =
//   "runs/today"}); plan.function("list-orders")->config.memory_mb;   // 512: the scenario's, else
//   the handler's plan.fuzz->campaign;                               // fuzzers::CampaignOptions of
//   the fuzz stage plan.load->load;                                   // loadgen::LoadPlan
//   (baselines; no target yet) plan.cost_options();                               // each function
//   priced at its own config plan.report;                                       // gates and report
//   options
//
// Dependencies point one way: plan uses the stage modules' option types; the stages never see
// a scenario, and cli only wires flags to overrides.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/http.hpp"
#include "walletfuzz/core/settings_override.hpp"
#include "walletfuzz/cost_model/cost_run.hpp"
#include "walletfuzz/cost_model/pricing.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"
#include "walletfuzz/loadgen/load_plan.hpp"
#include "walletfuzz/loadgen/spend_estimate.hpp"
#include "walletfuzz/reports/report.hpp"
#include "walletfuzz/scenarios/scenario.hpp"

namespace walletfuzz::plan {

/// One function of the run, as deployed and as every stage sees it.
struct FunctionPlan {
  std::string name;
  std::string method;  ///< "GET", "*"; empty = any
  std::string route;   ///< "/orders", "/files/*"; empty = not routable by path
  /// Provider, arch, memory, timeout, add-ons and free tier: what the cost model prices it at.
  /// `origin` points at functions[i] of the scenario (or at the pricing section).
  cost_model::FunctionConfig config;
  std::optional<int> reserved_concurrency;  ///< unset = unreserved (the account limit applies)
  std::vector<Request> baseline;            ///< normal traffic
  /// Its declared monthly traffic (pricing.traffic), for the monthly bill; unset: none.
  std::optional<cost_model::DeclaredTraffic> traffic;
  /// What its responses must look like under load (`expect:`); replay checks every class that
  /// reaches it, baselines and findings alike. Unset = not checked.
  std::optional<ResponseExpectation> expect;
};

/// The pricing of the run: the catalog with the scenario's overrides, and what every function's
/// configuration inherits (region, free tier, add-ons).
struct PricingPlan {
  std::string provider = "aws-lambda";
  std::string region = "us-east-1";
  std::string arch = "x86_64";
  bool free_tier = false;
  std::vector<std::string> addons;
  std::vector<cost_model::PriceOverride> overrides;  ///< with the scenario's line of each
  /// The built-in catalog with `overrides` applied (InputError at an override's line).
  cost_model::PricingCatalog catalog() const;
};

/// The fuzz stage: the campaign's options, and how the fuzz target is told the scenario's
/// settings of its functions.
struct FuzzStagePlan {
  fuzzers::CampaignOptions campaign;  ///< run_dir = the plan's run directory
  scenarios::SampleVariant variant = scenarios::SampleVariant::vulnerable;
  std::vector<SettingsOverride> function_settings;
};

/// The load stage before its findings are read: baselines, schedule, limits and budget.
struct LoadStagePlan {
  loadgen::LoadPlan load;  ///< classes: the baselines; target: a url target's, else unset
  scenarios::TrafficMix mix;
  double spend_budget_usd = 1.0;
  double price_per_request_usd = 0.000002;  ///< when the catalog cannot price the provider
  /// load.findings_from, else RUN_DIR/findings.json; empty = no findings (no scenario)
  std::filesystem::path findings_file;
  /// True when the mix gives some kind of finding a weight above 0.
  bool wants_findings() const;
};

/// The whole run.
struct RunPlan {
  scenarios::Scenario scenario;  ///< what the plan was built from (field locations for errors)
  std::filesystem::path run_dir;
  std::vector<FunctionPlan> functions;
  std::optional<FuzzStagePlan> fuzz;  ///< absent: no fuzz stage
  std::optional<LoadStagePlan> load;  ///< absent: no load stage
  PricingPlan pricing;
  cost_model::FunctionConfig default_function;  ///< for requests of no listed function
  reports::ReportOptions report;                ///< gates, history, reproduction commands
  double attack_rate_rps = 100;  ///< of the cost stage's attack projection (the spend gate's)
  cost_model::MitigationSettings mitigations;  ///< pricing.mitigations; unset = suggested

  const FunctionPlan* function(std::string_view name) const;
  /// The function serving `request` by method and route (exact routes before prefixes), or null.
  const FunctionPlan* function_for(const Request& request) const;

  std::filesystem::path findings_file() const { return run_dir / "findings.json"; }
  std::filesystem::path load_file() const { return run_dir / "load.json"; }
  std::filesystem::path cost_file() const { return run_dir / "cost.json"; }
  /// Where `serve` writes each function's REPORT lines and the cost stage reads them.
  std::filesystem::path report_log_dir() const { return run_dir / "lambda-report"; }

  /// The cost stage's options: every function at its own configuration, REPORT logs from
  /// report_log_dir(), attack projection at attack_rate_rps.
  cost_model::CostRunOptions cost_options() const;
};

/// What commands change on top of the scenario (from their flags).
struct PlanOverrides {
  std::optional<std::filesystem::path> run_dir;  ///< --out
  std::optional<double> fuzz_time_s;
  std::optional<unsigned> fuzz_jobs;
  std::optional<std::uint64_t> fuzz_seed;
  std::optional<std::filesystem::path> corpus_dir;
  /// Build the fuzz stage (with the schema's defaults) even when the scenario has no fuzz
  /// section: `walletfuzz fuzz` asked for it.
  bool fuzz_stage = false;
};

/// An application's handlers as it describes them (list mode, or describe_handlers in process).
using AppHandlers = std::vector<fuzzers::HandlerInfo>;

/// Builds the plan of `scenario` (already loaded and validated). `app` describes the application
/// of a bundled or app target (its handlers' routes, settings and baseline requests fill what the
/// scenario leaves out); null for a url target. Throws InputError naming the scenario's field: a
/// function the app does not have, a configuration the cost model rejects (memory, arch,
/// add-on), a price override that does not apply.
RunPlan build_run_plan(const scenarios::Scenario& scenario, const AppHandlers* app,
                       const PlanOverrides& overrides = {});

/// The request classes replay sends: the plan's baselines, then the findings of findings_file
/// with the mix's weights.
struct ReplayClasses {
  std::vector<loadgen::RequestClass> classes;
  /// Each handler's baseline median measured beside its findings (ms), for price_classes.
  std::map<std::string, double> baseline_median_ms;
  /// Set when the mix gives findings weight but findings_file does not exist: replay says so
  /// on stderr and records it in load.json's warnings.
  std::optional<std::string> missing_findings;
};

/// Reads findings_file (when it exists) into classes. Throws InputError naming the file and
/// field for a malformed findings.json or a missing request file.
ReplayClasses replay_classes(const RunPlan& plan);

/// Prices every class for the pre-send spend estimate: each at the function it reaches (its
/// handler, else by route), findings and request files at the function's timeout, baselines at
/// `baseline_median_ms` of their handler when measured. `flat_usd` prices every request flat.
std::vector<loadgen::ClassPricing> price_classes(const RunPlan& plan,
                                                 const std::vector<loadgen::RequestClass>& classes,
                                                 const std::map<std::string, double>& baseline_ms,
                                                 std::optional<double> flat_usd);

}  // namespace walletfuzz::plan
