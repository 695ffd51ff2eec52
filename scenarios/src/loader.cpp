// Reading a scenario: YAML syntax, then the sections, then defaults that depend on other fields,
// then validate(); all problems are collected and thrown together.
#include "walletfuzz/scenarios/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "parse_context.hpp"
#include "validate_internal.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/scenarios/provider_limits.hpp"
#include "walletfuzz/yaml_reading/document.hpp"

namespace walletfuzz::scenarios {
namespace {

using detail::ParseContext;

void parse_document(ParseContext& ctx, const YAML::Node& root) {
  if (!root.IsDefined() || root.IsNull()) {
    ctx.report(YAML::Mark::null_mark(), "", "is empty",
               "start from scenarios/demo.yaml; a scenario needs at least a target");
    return;
  }
  if (!root.IsMap()) {
    ctx.report(root.Mark(), "",
               "expected a map of sections at the top level, got " + detail::describe(root),
               "start from scenarios/demo.yaml: target, functions, fuzz, load, ...");
    return;
  }
  detail::MapReader map(ctx, root, "",
                        {"version", "name", "description", "target", "functions", "fuzz", "load",
                         "pricing", "gates", "leaks", "output"});
  if (map.has("version")) {
    unsigned version = 1;
    if (map.read("version", version) && version != 1) {
      ctx.report(map.get("version").Mark(), "version",
                 "unsupported scenario version " + std::to_string(version),
                 "this walletfuzz reads version 1");
    }
  }
  map.read("name", ctx.scenario.name);
  map.read("description", ctx.scenario.description);
  // The target first: inline baseline requests take their Host from it.
  if (map.has("target")) {
    detail::parse_target(ctx, map.get("target"));
  } else {
    map.missing("target",
                "add 'target: {bundled: vulnerable}', 'target: {app: build/shop}' or a url with "
                "allow_hosts");
  }
  if (map.has("functions")) detail::parse_functions(ctx, map.get("functions"));
  if (map.has("fuzz")) detail::parse_fuzz(ctx, map.get("fuzz"));
  if (map.has("load")) detail::parse_load(ctx, map.get("load"));
  if (map.has("pricing")) detail::parse_pricing(ctx, map.get("pricing"));
  if (map.has("gates")) detail::parse_gates(ctx, map.get("gates"));
  if (map.has("leaks")) detail::parse_leaks(ctx, map.get("leaks"));
  if (map.has("output")) detail::parse_output(ctx, map.get("output"));
}

// Defaults that depend on other fields, filled so that every stage reads resolved values.
void fill_defaults(Scenario& scenario) {
  if (scenario.name.empty()) scenario.name = scenario.source_file.stem().string();
  for (FunctionSpec& function : scenario.functions) {
    if (function.provider.empty()) function.provider = scenario.pricing.provider;
    if (function.arch.empty()) function.arch = scenario.pricing.arch;
    if (scenario.target.kind != TargetKind::url) continue;
    // A deployed function has settings whether or not the scenario repeats them; assume the
    // provider's defaults, as its console would.
    if (const auto* limits = find_provider(function.provider)) {
      if (!function.memory_mb) function.memory_mb = limits->default_memory_mb;
      if (!function.timeout_ms) function.timeout_ms = limits->default_timeout_ms;
    }
    if (!function.reserved_concurrency) function.reserved_concurrency = 0;
  }
  if (scenario.fuzz && scenario.fuzz->corpus_dir.empty()) {
    scenario.fuzz->corpus_dir = std::filesystem::path("corpus") / scenario.name;
  }
  if (scenario.output.run_dir.empty()) {
    scenario.output.run_dir = std::filesystem::path("runs") / scenario.name;
  }
}

Scenario parse_text(std::string_view text, const std::filesystem::path& file,
                    const LoadOptions& options) {
  Scenario scenario;
  scenario.source_file = file;
  scenario.base_dir = file.parent_path();
  ParseContext ctx(scenario, options);
  std::optional<YAML::Node> root = yaml_reading::read_document(std::string(text), ctx, "scenario");
  if (!root) ctx.throw_if_any();
  try {
    parse_document(ctx, *root);
  } catch (const YAML::Exception& e) {
    // Defensive: the readers check node types before converting, but a yaml-cpp conversion that
    // still throws must become a problem, never an escaped exception.
    ctx.report(e.mark, "", "cannot read this value: " + e.msg);
  }
  fill_defaults(scenario);
  for (Problem& problem : detail::validate_scenario(scenario, options, ctx.failed_fields)) {
    ctx.problems.push_back(std::move(problem));
  }
  ctx.throw_if_any();
  return scenario;
}

}  // namespace

std::string to_string(const Problem& problem) {
  return InputError(problem.where, problem.message, problem.hint).what();
}

Scenario load_scenario(const std::filesystem::path& file, const LoadOptions& options) {
  std::string text;
  try {
    text = read_file(file, options.max_file_bytes);
  } catch (const InputError& e) {
    throw ScenarioError({Problem{{file.string()}, e.message(), e.hint()}});
  }
  return parse_text(text, file, options);
}

Scenario load_scenario_from_string(std::string_view text,
                                   const std::filesystem::path& virtual_filename,
                                   const LoadOptions& options) {
  if (text.size() > options.max_file_bytes) {
    throw ScenarioError(
        {Problem{{virtual_filename.string()},
                 "is larger than " + std::to_string(options.max_file_bytes) + " bytes",
                 "a scenario is a short YAML file"}});
  }
  return parse_text(text, virtual_filename, options);
}

std::vector<Problem> validate(const Scenario& scenario, const LoadOptions& options) {
  std::vector<Problem> problems = detail::validate_scenario(scenario, options, {});
  yaml_reading::sort_by_position(problems);
  return problems;
}

Location locate(const Scenario& scenario, std::string_view field) {
  std::string_view probe = field;
  while (true) {
    if (auto it = scenario.field_locations.find(probe); it != scenario.field_locations.end()) {
      Location where = it->second;
      where.field = std::string(field);
      return where;
    }
    std::size_t cut = probe.find_last_of(".[");
    if (cut == std::string_view::npos || cut == 0) break;
    probe = probe.substr(0, cut);
  }
  return {scenario.source_file.string(), 0, 0, std::string(field)};
}

std::string_view to_string(TargetKind kind) noexcept {
  switch (kind) {
    case TargetKind::bundled:
      return "bundled";
    case TargetKind::app:
      return "app";
    case TargetKind::url:
      break;
  }
  return "url";
}
std::vector<SettingsOverride> bundled_settings_overrides(const Scenario& scenario) {
  std::vector<SettingsOverride> overrides;
  if (scenario.target.kind == TargetKind::url) return overrides;
  for (const auto& fn : scenario.functions) {
    SettingsOverride o{.handler = fn.name,
                       .memory_mb = fn.memory_mb,
                       .reserved_concurrency = fn.reserved_concurrency};
    if (fn.timeout_ms) o.timeout = std::chrono::milliseconds(*fn.timeout_ms);
    overrides.push_back(std::move(o));
  }
  return overrides;
}

std::string_view to_string(SampleVariant variant) noexcept {
  return variant == SampleVariant::vulnerable ? "vulnerable" : "fixed";
}
std::string_view to_string(StageKind kind) noexcept {
  switch (kind) {
    case StageKind::constant:
      return "constant";
    case StageKind::ramp:
      return "ramp";
    case StageKind::spike:
      return "spike";
  }
  return "constant";
}
std::string_view to_string(LoadMode mode) noexcept {
  return mode == LoadMode::open ? "open" : "closed";
}

}  // namespace walletfuzz::scenarios
