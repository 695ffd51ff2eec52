#pragma once
// Loading a scenario file into a typed Scenario, reporting every problem at once.
//
//   namespace ws = walletfuzz::scenarios;
//   try {
//     ws::Scenario s = ws::load_scenario("scenarios/demo.yaml", {.known_handlers = app_names});
//   } catch (const ws::ScenarioError& e) {
//     for (const ws::Problem& p : e.problems()) std::cerr << ws::to_string(p) << '\n';
//     // demo.yaml:31:13: load.stages[2].rate: must be positive (hint: ...)
//     return 2;
//   }
//
// Loading checks syntax, types, unknown keys (with a "did you mean"), required fields and the
// files the scenario refers to, then runs validate() for ranges and consistency; a problem in one
// field never hides the problems in the others.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/host_allowlist.hpp"
#include "walletfuzz/scenarios/scenario.hpp"

namespace walletfuzz::scenarios {

/// One thing wrong with a scenario (core's Problem: where, what, what to do about it).
using Problem = walletfuzz::Problem;

/// "file:line:col: field: message (hint: ...)" on one line, the format of `walletfuzz validate`.
std::string to_string(const Problem& problem);

/// Thrown by the loaders when a scenario has any problem; carries all of them, in file order
/// (core's InputProblems, exit code 2, the same error as a broken pricing file).
using ScenarioError = walletfuzz::InputProblems;

/// What the loader knows beyond the file itself.
struct LoadOptions {
  /// Handler names of the application (bundled or app target), checked against
  /// `functions[].name` and `fuzz.handlers`. Empty = names are not checked.
  std::vector<std::string> known_handlers;
  /// The application's "METHOD /route" of each handler, by name: a function that names a route
  /// or method must name the application's own. Empty = not checked.
  std::map<std::string, std::string> known_routes;
  /// false skips reading referenced files (baseline request files); their paths are still
  /// resolved. The fuzz target uses this to stay away from the file system.
  bool read_files = true;
  /// Largest scenario file or referenced file accepted.
  std::size_t max_file_bytes = 1024 * 1024;
};

/// Reads, parses and validates a scenario file. Throws ScenarioError with every problem found
/// (an unreadable scenario file is one problem naming the file).
Scenario load_scenario(const std::filesystem::path& file, const LoadOptions& options = {});

/// The same from text already in memory. `virtual_filename` names the text in problems, and its
/// directory is where relative paths resolve.
Scenario load_scenario_from_string(std::string_view text,
                                   const std::filesystem::path& virtual_filename,
                                   const LoadOptions& options = {});

/// Range and consistency checks of a typed scenario (memory within the provider's range, a
/// non-empty traffic mix, the URL's host allowed, caps that cover the planned stages, handler
/// names that exist, ...). Returns every problem; empty means valid. Locations come from
/// `scenario.field_locations`, so problems in a loaded scenario point at its lines.
std::vector<Problem> validate(const Scenario& scenario, const LoadOptions& options = {});

/// Where `field` was written in the scenario's file: its own location when the loader saw it,
/// else the nearest enclosing field's (so a missing or defaulted field points at its section),
/// with `field` set to the requested path.
Location locate(const Scenario& scenario, std::string_view field);

/// The allowlist rule (loopback always; else an entry, exact or "*.domain"): core's, the one the
/// load generator enforces too.
using walletfuzz::is_host_allowed;

/// The provider names the scenario schema accepts ("aws-lambda", ...).
std::vector<std::string> known_providers();

}  // namespace walletfuzz::scenarios
