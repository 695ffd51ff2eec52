// `walletfuzz validate SCENARIO [--json]`: loads a scenario and lists every problem in it, one
// per line as file:line:col: field: message (hint: ...), so an editor or CI annotation can jump
// to each. Exit 0 when valid, 2 when not.
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "scenario_target.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/formats/json_text.hpp"
#include "walletfuzz/plan/run_plan.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {
namespace {

namespace ws = walletfuzz::scenarios;

std::string summary(const ws::Scenario& scenario) {
  std::string text = scenario.source_file.string() + ": OK (" + scenario.name + ": ";
  if (scenario.target.kind == ws::TargetKind::bundled) {
    text += "bundled " + std::string(ws::to_string(scenario.target.variant)) + " app";
  } else if (scenario.target.kind == ws::TargetKind::app) {
    text += "app " + scenario.target.app.string();
  } else {
    text += scenario.target.url;
  }
  text += ", " + std::to_string(scenario.functions.size()) + " function(s)";
  if (scenario.fuzz) {
    text += ", fuzz " + std::to_string(static_cast<long>(scenario.fuzz->time_budget_s)) + " s";
  }
  if (scenario.load) {
    double total_s = 0;
    for (const auto& stage : scenario.load->stages) total_s += stage.duration_s;
    text += ", load " + std::to_string(scenario.load->stages.size()) + " stage(s) over " +
            std::to_string(static_cast<long>(total_s)) + " s";
  }
  return text + ")";
}

boost::json::object problem_json(const ws::Problem& problem) {
  return {{"file", problem.where.file},     {"line", problem.where.line},
          {"column", problem.where.column}, {"field", problem.where.field},
          {"message", problem.message},     {"hint", problem.hint}};
}

// What the stages would reject in a scenario the loader accepts: the run plan (functions at
// their configuration) and every pricing override, each applied alone so that all bad ones are
// listed at their file:line:column ("does not exist", "not a number", an index too large).
std::vector<ws::Problem> plan_problems(const ws::Scenario& scenario) {
  std::vector<ws::Problem> problems;
  auto record = [&](const InputError& e) {
    if (const auto* all = dynamic_cast<const InputProblems*>(&e)) {
      problems.insert(problems.end(), all->problems().begin(), all->problems().end());
    } else {
      problems.push_back({e.where(), e.message(), e.hint()});
    }
  };
  for (const auto& entry : scenario.pricing.overrides) {
    const cost_model::PriceOverride override_{
        entry.key, entry.value, ws::locate(scenario, "pricing.overrides." + entry.key)};
    try {
      cost_model::PricingCatalog::builtin().apply_overrides({&override_, 1});
    } catch (const InputError& e) {
      record(e);
    }
  }
  if (!problems.empty()) return problems;
  try {
    // Builds the catalog with every override together, and each function's configuration.
    (void)plan::build_run_plan(scenario, nullptr, {}).pricing.catalog();
  } catch (const InputError& e) {
    record(e);
  }
  return problems;
}

int run_validate(const std::string& file, bool json) {
  std::vector<ws::Problem> problems;
  std::optional<ws::Scenario> scenario;
  try {
    // An application target's handler names are checked against the application itself.
    scenario = load_scenario_target(file).scenario;
  } catch (const ws::ScenarioError& e) {
    problems = e.problems();
  } catch (const InputError& e) {
    // A target.app that is missing or not executable: one more problem of the file.
    problems = {{e.where(), e.message(), e.hint()}};
  }
  if (scenario) {
    problems = plan_problems(*scenario);
    if (!problems.empty()) scenario.reset();
  }
  if (json) {
    boost::json::array list;
    for (const auto& problem : problems) list.push_back(problem_json(problem));
    boost::json::object out{{"schema", "walletfuzz.validate/1"},
                            {"file", file},
                            {"valid", problems.empty()},
                            {"problems", std::move(list)}};
    if (scenario) out["name"] = scenario->name;
    std::cout << formats::to_json_text(out, /*pretty=*/false) << '\n';
  } else if (problems.empty()) {
    std::cout << summary(*scenario) << '\n';
  } else {
    for (const auto& problem : problems) std::cerr << ws::to_string(problem) << '\n';
    std::cerr << file << ": " << problems.size()
              << (problems.size() == 1 ? " problem" : " problems") << '\n';
  }
  return static_cast<int>(problems.empty() ? ExitCode::ok : ExitCode::bad_input);
}

}  // namespace

void add_validate_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand(
      "validate", "Check a scenario file and list every problem in it (exit 2 if any)");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("SCENARIO", *file, "The scenario YAML file")->required();
  sub->add_flag("--json", *json, "Print {valid, problems: [{file, line, column, field, ...}]}");
  sub->callback(
      [&chosen, file, json] { chosen = [file, json] { return run_validate(*file, *json); }; });
}

}  // namespace walletfuzz::cli
