#include "walletfuzz/yaml_reading/problem_log.hpp"

#include <algorithm>

namespace walletfuzz::yaml_reading {

Location ProblemLog::location(const YAML::Mark& mark, std::string field) const {
  // yaml-cpp marks are 0-based, and -1 for a null mark or a node built in memory.
  if (mark.is_null() || mark.line < 0) return {file, 0, 0, std::move(field)};
  return {file, mark.line + 1, mark.column + 1, std::move(field)};
}

void ProblemLog::note(const YAML::Mark& mark, const std::string& field) {
  if (field_locations_ != nullptr && !mark.is_null() && mark.line >= 0) {
    (*field_locations_)[field] = location(mark, field);
  }
}

void ProblemLog::report(const YAML::Mark& mark, const std::string& field, std::string message,
                        std::string hint) {
  failed_fields.insert(field);
  problems.push_back({location(mark, field), std::move(message), std::move(hint)});
}

std::filesystem::path ProblemLog::resolve(const std::filesystem::path& written) const {
  if (written.is_absolute()) return written.lexically_normal();
  return (base_dir / written).lexically_normal();
}

void sort_by_position(std::vector<Problem>& problems) {
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
}

void ProblemLog::sort() {
  sort_by_position(problems);
}

void ProblemLog::throw_if_any() {
  if (problems.empty()) return;
  sort();
  throw InputProblems(std::move(problems));
}

}  // namespace walletfuzz::yaml_reading
