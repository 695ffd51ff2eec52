#pragma once
// Reading the one YAML document of a file (a scenario, a pricing file). yaml-cpp 0.7's LoadAll
// loops forever on some malformed input (a stray ',' at the top level, found by the loader's fuzz
// target), so the documents are walked with a bounded number of parser calls instead.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

#include "walletfuzz/yaml_reading/problem_log.hpp"

namespace walletfuzz::yaml_reading {

struct DocumentProblem {
  YAML::Mark mark;
  std::string message;
  std::string hint;
  bool syntax_error = false;  ///< nothing after this point can be read
};

/// Parses the first document of `text` into `root`. Returns a problem when the text holds a
/// second, non-empty document or the parser stops making progress. Throws YAML::Exception on a
/// syntax error (with its mark).
/// `what` names the file's kind in hints ("scenario", "pricing file").
std::optional<DocumentProblem> load_single_document(const std::string& text, YAML::Node& root,
                                                    std::string_view what);

/// The document of `text`, or nullopt after reporting why it cannot be read (a syntax error,
/// with its line and column; nothing after it can be read). A second document is reported and
/// the first is still returned, so its problems are found too.
std::optional<YAML::Node> read_document(const std::string& text, ProblemLog& log,
                                        std::string_view what);

}  // namespace walletfuzz::yaml_reading
