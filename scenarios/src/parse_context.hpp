#pragma once
// Shared state of one scenario parse.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "walletfuzz/scenarios/loader.hpp"
#include "walletfuzz/scenarios/scenario.hpp"
#include "walletfuzz/yaml_reading/problem_log.hpp"
#include "walletfuzz/yaml_reading/suggest.hpp"
#include "walletfuzz/yaml_reading/values.hpp"

namespace walletfuzz::scenarios::detail {

/// The problem log of one scenario (walletfuzz/yaml_reading: every problem with
/// file:line:column), plus the scenario being filled and the loader's options. Where each field
/// was written goes to scenario.field_locations, for validate() and locate().
struct ParseContext : yaml_reading::ProblemLog {
  ParseContext(Scenario& scenario_, const LoadOptions& options_)
      : ProblemLog(scenario_.source_file.string(), scenario_.base_dir, &scenario_.field_locations),
        scenario(scenario_),
        options(options_) {}

  Scenario& scenario;
  const LoadOptions& options;
};

// The shared YAML reading layer, under the names the section parsers use.
using yaml_reading::describe;
using yaml_reading::excerpt;
using yaml_reading::index_field;
using yaml_reading::join_field;
using yaml_reading::MapReader;
using yaml_reading::read_bool;
using yaml_reading::read_choice;
using yaml_reading::read_count;
using yaml_reading::read_enum;
using yaml_reading::read_number;
using yaml_reading::read_string;
using yaml_reading::suggestion_hint;

/// pricing.overrides: a map of catalog paths to values, each kept as one line of YAML text.
bool read_pricing_overrides(ParseContext& ctx, const MapReader& map, std::string_view key,
                            std::vector<PricingOverride>& out);

// Sections, each in its own file; each reads one part of the document into ctx.scenario.
void parse_target(ParseContext& ctx, const YAML::Node& node);
void parse_leaks(ParseContext& ctx, const YAML::Node& node);
void parse_functions(ParseContext& ctx, const YAML::Node& node);
void parse_fuzz(ParseContext& ctx, const YAML::Node& node);
void parse_load(ParseContext& ctx, const YAML::Node& node);
void parse_pricing(ParseContext& ctx, const YAML::Node& node);
void parse_declared_traffic(ParseContext& ctx, const YAML::Node& node);
void parse_gates(ParseContext& ctx, const YAML::Node& node);
void parse_output(ParseContext& ctx, const YAML::Node& node);
/// A function's `expect:` at `field` ("functions[0].expect").
void parse_expect(ParseContext& ctx, const YAML::Node& node, const std::string& field,
                  ResponseExpectation& out);

}  // namespace walletfuzz::scenarios::detail
