#include "scenario_target.hpp"

#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz::cli {
namespace sc = walletfuzz::scenarios;

plan::RunPlan ScenarioTarget::plan(const plan::PlanOverrides& overrides) const {
  const bool has_app = scenario.target.kind != sc::TargetKind::url;
  return plan::build_run_plan(scenario, has_app ? &handlers : nullptr, overrides);
}

ScenarioTarget load_scenario_target(const std::filesystem::path& file,
                                    const sc::LoadOptions& options) {
  // Names are checked once the application is known: first the file itself.
  sc::LoadOptions first = options;
  first.known_handlers.clear();
  first.known_routes.clear();
  ScenarioTarget out{.scenario = sc::load_scenario(file, first)};
  const sc::Target& target = out.scenario.target;
  switch (target.kind) {
    case sc::TargetKind::url:
      return out;
    case sc::TargetKind::bundled: {
      const HandlerRegistry app = make_sample_app(target.variant == sc::SampleVariant::fixed
                                                      ? SampleAppVariant::fixed
                                                      : SampleAppVariant::vulnerable);
      out.handlers = fuzzers::describe_handlers(app);
      break;
    }
    case sc::TargetKind::app: {
      out.binary = fuzzers::check_app_path(target.app, sc::locate(out.scenario, "target.app"));
      out.handlers = fuzzers::query_target(*out.binary, {}).handlers;
      break;
    }
  }
  sc::LoadOptions second = options;
  for (const auto& h : out.handlers) {
    second.known_handlers.push_back(h.name);
    second.known_routes[h.name] = h.method + " " + h.route;
  }
  if (auto problems = sc::validate(out.scenario, second); !problems.empty())
    throw sc::ScenarioError(std::move(problems));
  return out;
}

}  // namespace walletfuzz::cli
