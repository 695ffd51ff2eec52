#pragma once
// Shared state of one scenario parse: the problems found so far, the fields that failed (so later
// checks do not pile consequential errors onto them) and where each field was written.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "walletfuzz/scenarios/loader.hpp"
#include "walletfuzz/scenarios/scenario.hpp"

namespace walletfuzz::scenarios::detail {

struct ParseContext {
  ParseContext(Scenario& scenario_, const LoadOptions& options_)
      : scenario(scenario_), options(options_), file(scenario_.source_file.string()) {}

  Scenario& scenario;
  const LoadOptions& options;
  std::string file;  ///< as shown in problems
  std::vector<Problem> problems;
  std::set<std::string, std::less<>> failed_fields;

  Location location(const YAML::Mark& mark, std::string field) const {
    if (mark.is_null()) return {file, 0, 0, std::move(field)};
    return {file, mark.line + 1, mark.column + 1, std::move(field)};
  }
  /// Records that `field` was written at `mark`.
  void note(const YAML::Mark& mark, const std::string& field) {
    if (!mark.is_null()) scenario.field_locations[field] = location(mark, field);
  }
  /// Records a problem with `field` and marks the field as failed.
  void report(const YAML::Mark& mark, const std::string& field, std::string message,
              std::string hint = {}) {
    failed_fields.insert(field);
    problems.push_back({location(mark, field), std::move(message), std::move(hint)});
  }
  /// A path relative to the scenario file's directory, as the loader stores it.
  std::filesystem::path resolve(const std::filesystem::path& written) const {
    if (written.is_absolute()) return written.lexically_normal();
    return (scenario.base_dir / written).lexically_normal();
  }
};

/// "load.stages" + "rate" → "load.stages.rate"; "" + "load" → "load".
inline std::string join_field(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}
inline std::string index_field(const std::string& list, std::size_t index) {
  return list + "[" + std::to_string(index) + "]";
}

// Sections, each in its own file; each reads one part of the document into ctx.scenario.
void parse_target(ParseContext& ctx, const YAML::Node& node);
void parse_functions(ParseContext& ctx, const YAML::Node& node);
void parse_fuzz(ParseContext& ctx, const YAML::Node& node);
void parse_load(ParseContext& ctx, const YAML::Node& node);
void parse_pricing(ParseContext& ctx, const YAML::Node& node);
void parse_gates(ParseContext& ctx, const YAML::Node& node);
void parse_output(ParseContext& ctx, const YAML::Node& node);

}  // namespace walletfuzz::scenarios::detail
