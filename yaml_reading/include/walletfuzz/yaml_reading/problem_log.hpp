#pragma once
// The problems found while reading one YAML file, collected rather than thrown, so that a user
// sees everything to fix at once, each with file:line:column and the field path. Scenarios and
// pricing files are read through it alike.
//
//   walletfuzz::yaml_reading::ProblemLog log("pricing.yaml");
//   auto root = walletfuzz::yaml_reading::read_document(text, log, "start from ...");
//   walletfuzz::yaml_reading::MapReader map(log, *root, "", {"schema", "meters"});
//   ...
//   log.throw_if_any();  // InputProblems listing each problem, in file order

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::yaml_reading {

class ProblemLog {
 public:
  /// `file` names the file in problems; relative paths read from it resolve against `base_dir`.
  /// When `field_locations` is given, note() records where each field was written there.
  explicit ProblemLog(std::string file_name, std::filesystem::path base_directory = {},
                      std::map<std::string, Location, std::less<>>* field_locations = nullptr)
      : file(std::move(file_name)),
        base_dir(std::move(base_directory)),
        field_locations_(field_locations) {}

  std::string file;
  std::filesystem::path base_dir;
  std::vector<Problem> problems;
  /// Fields with a problem, so later checks do not pile consequential errors onto them.
  std::set<std::string, std::less<>> failed_fields;

  /// file:line:column of `mark` (yaml-cpp's 0-based mark made 1-based; a null mark, or a node
  /// built in memory, has no line).
  Location location(const YAML::Mark& mark, std::string field) const;
  /// Records that `field` was written at `mark`.
  void note(const YAML::Mark& mark, const std::string& field);
  /// Records a problem with `field` and marks the field as failed.
  void report(const YAML::Mark& mark, const std::string& field, std::string message,
              std::string hint = {});
  bool failed(std::string_view field) const { return failed_fields.count(field) > 0; }
  /// A path relative to base_dir, normalised.
  std::filesystem::path resolve(const std::filesystem::path& written) const;

  /// The problems in file order (those without a line, about the file itself, first).
  void sort();
  /// Throws InputProblems with every problem, sorted, when there is any.
  void throw_if_any();

 private:
  std::map<std::string, Location, std::less<>>* field_locations_;
};

/// Problems in file order; those without a line (about the file itself) first.
void sort_by_position(std::vector<Problem>& problems);

/// "load.stages" + "rate" → "load.stages.rate"; "" + "load" → "load".
inline std::string join_field(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}
/// "meters" + 1 → "meters[1]".
inline std::string index_field(const std::string& list, std::size_t index) {
  return list + "[" + std::to_string(index) + "]";
}

}  // namespace walletfuzz::yaml_reading
