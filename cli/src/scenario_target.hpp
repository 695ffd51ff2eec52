#pragma once
// A scenario with the application it targets, loaded once for every command that reads one.
// An application target's handler names and routes are checked against the application itself
// (the bundled sample app in this process, an app binary through its list mode), with the same
// file:line:column problems and "did you mean" as every other scenario field.
//
//   ScenarioTarget t = load_scenario_target("shop.yaml");
//   plan::RunPlan plan = t.plan({.run_dir = "runs/today"});
//   if (t.binary) run(*t.binary);  // the application binary (bundled: its sample_app_fuzz)

#include <filesystem>
#include <optional>

#include "walletfuzz/fuzzers/fuzz_campaign.hpp"
#include "walletfuzz/plan/run_plan.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {

struct ScenarioTarget {
  scenarios::Scenario scenario;
  /// The application's handlers; empty for a url target.
  plan::AppHandlers handlers;
  /// An app target's binary as checked (exists, executable, a walletfuzz app of this version).
  std::optional<std::filesystem::path> binary;

  /// The run plan with the application's handlers filling what the scenario leaves out.
  plan::RunPlan plan(const plan::PlanOverrides& overrides = {}) const;
};

/// Loads and validates `file` and its target. Throws ScenarioError (exit 2) for scenario
/// problems, InputError at target.app for a missing or non-executable binary, RuntimeFailure
/// (exit 3) for a binary that is not a walletfuzz application of this version or fails to start.
ScenarioTarget load_scenario_target(const std::filesystem::path& file,
                                    const scenarios::LoadOptions& options = {});

}  // namespace walletfuzz::cli
