#include "http_fuzz_target.hpp"

#include <cmath>
#include <iostream>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/core/text_format.hpp"
#include "walletfuzz/fuzzers/http_target_spec.hpp"
#include "walletfuzz/loadgen/spend_estimate.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {
namespace {

namespace wf = walletfuzz::fuzzers;
namespace lg = walletfuzz::loadgen;
namespace sc = walletfuzz::scenarios;

// The spend guard, as replay's: the campaign's requests priced by the cost model before the
// first one is sent. The search chooses what it sends, so every request is assumed to run to its
// function's timeout (the most one invocation can be billed); the rate cap bounds how many.
void check_fuzz_spend(const plan::RunPlan& plan, const sc::FuzzPlan& fuzz, bool confirm_spend) {
  if (!fuzz.max_rps) return;  // loopback without a cap: nothing is billed
  const fuzzers::CampaignOptions& campaign = plan.fuzz->campaign;
  lg::LoadPlan load;
  load.mode = lg::LoadMode::closed;
  load.max_requests = static_cast<std::uint64_t>(std::ceil(*fuzz.max_rps * campaign.time_budget_s));
  for (const auto& name : campaign.handlers)
    load.classes.push_back({.name = "fuzz:" + name, .handler = name});
  const lg::SpendEstimate estimate = lg::estimate_spend(
      plan.pricing.catalog(), load, plan::price_classes(plan, load.classes, {}, std::nullopt));
  const double budget = fuzz.spend_budget_usd.value_or(0);
  if (estimate.total_usd > budget && !confirm_spend) {
    throw InputError(sc::locate(plan.scenario, "fuzz.spend_budget_usd"),
                     "the fuzzing campaign itself would cost up to about " + estimate.summary() +
                         ", above the budget of " + format_usd(budget),
                     "lower fuzz.max_rps or fuzz.time_budget_s, or pass --confirm-spend");
  }
  std::cerr << "walletfuzz fuzz: estimated cost of this campaign at most " << estimate.summary()
            << "; budget " << format_usd(budget) << '\n';
}

}  // namespace

wf::TargetInfo prepare_http_fuzz_target(const plan::RunPlan& plan,
                                        const std::optional<std::filesystem::path>& binary,
                                        bool confirm_spend) {
  const sc::FuzzPlan fuzz = plan.scenario.fuzz.value_or(sc::FuzzPlan{});
  check_fuzz_spend(plan, fuzz, confirm_spend);
  const fuzzers::CampaignOptions& campaign = plan.fuzz->campaign;
  wf::HttpTargetSpec spec{.url = plan.scenario.target.url};
  // Every process sending at once gets its share of the cap, so together they stay under it.
  if (fuzz.max_rps) spec.max_rps = *fuzz.max_rps / std::max(1u, campaign.jobs);
  for (const auto& name : campaign.handlers) {
    const plan::FunctionPlan* f = plan.function(name);
    if (f == nullptr) continue;  // plan building refused unknown names already
    wf::HttpFunction function{
        .name = f->name,
        .method = f->method.empty() ? "*" : f->method,
        .route = f->route.empty() ? "/*" : f->route,
        .timeout_ms = static_cast<unsigned>(std::lround(f->config.timeout_s.value_or(3) * 1000)),
        .memory_mb = static_cast<unsigned>(std::lround(f->config.memory_mb))};
    for (const auto& request : f->baseline)
      function.baseline_requests.push_back(serialize_request(request));
    spec.functions.push_back(std::move(function));
  }
  const std::filesystem::path file = campaign.run_dir / ".fuzz" / "http-target.json";
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  write_http_target_spec(spec, file);
  const std::filesystem::path chosen =
      wf::find_fuzz_target(binary, "http_target_fuzz", wf::default_fuzz_target_dirs());
  return wf::query_target(chosen, {.http_target = file});
}

}  // namespace walletfuzz::cli
