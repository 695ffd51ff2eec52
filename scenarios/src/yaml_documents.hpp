#pragma once
// Reading the one YAML document of a scenario. yaml-cpp 0.7's LoadAll loops forever on some
// malformed input (a stray ',' at the top level, found by the loader's fuzz target), so the
// documents are walked with a bounded number of parser calls instead.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace walletfuzz::scenarios::detail {

struct DocumentProblem {
  YAML::Mark mark;
  std::string message;
  std::string hint;
  bool syntax_error = false;  ///< nothing after this point can be read
};

/// Parses the first document of `text` into `root`. Returns a problem when the text holds a
/// second, non-empty document or the parser stops making progress. Throws YAML::Exception on a
/// syntax error (with its mark).
std::optional<DocumentProblem> load_single_document(const std::string& text, YAML::Node& root);

}  // namespace walletfuzz::scenarios::detail
