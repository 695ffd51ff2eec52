#include "walletfuzz/yaml_reading/document.hpp"

#include <yaml-cpp/eventhandler.h>

#include <cstdio>
#include <sstream>

#include "walletfuzz/core/text_format.hpp"

namespace walletfuzz::yaml_reading {
namespace {

// Records the position of a document's first node and whether it is more than one null.
class FirstNode : public YAML::EventHandler {
 public:
  int nodes = 0;
  bool only_null = true;
  YAML::Mark first = YAML::Mark::null_mark();

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { seen(mark, true); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { seen(mark, false); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    seen(mark, false);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    seen(mark, false);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    seen(mark, false);
  }
  void OnMapEnd() override {}

 private:
  void seen(const YAML::Mark& mark, bool is_null) {
    if (nodes++ == 0) first = mark;
    only_null = only_null && is_null;
  }
};

}  // namespace

std::optional<DocumentProblem> load_single_document(const std::string& text, YAML::Node& root,
                                                    std::string_view what) {
  root = YAML::Load(text);
  std::istringstream input(text);
  YAML::Parser parser(input);
  FirstNode first_document;
  if (!parser.HandleNextDocument(first_document)) return std::nullopt;
  FirstNode second_document;
  if (!parser.HandleNextDocument(second_document) || second_document.nodes == 0) {
    return std::nullopt;
  }
  if (second_document.first.pos <= first_document.first.pos) {
    // The parser returned the same document again without consuming input: the text cannot be
    // read as YAML at that point.
    return DocumentProblem{first_document.first, "YAML syntax error: unexpected character",
                           "a " + std::string(what) + " starts with a key and a colon", true};
  }
  if (second_document.only_null) return std::nullopt;  // a trailing '---' with nothing after it
  return DocumentProblem{second_document.first, "holds more than one YAML document",
                         "one " + std::string(what) + " per file; remove the second '---'"};
}

std::optional<YAML::Node> read_document(const std::string& text, ProblemLog& log,
                                        std::string_view what) {
  // YAML is Unicode text: yaml-cpp passes bytes that are not UTF-8 through into strings, where
  // they would reach names, requests and reports. Refused at their line and column instead.
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    YAML::Mark mark;
    mark.pos = static_cast<int>(bad);
    for (std::size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') {
        ++mark.line;
        mark.column = 0;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++mark.column;  // characters, not bytes
      }
    }
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    log.report(mark, "", "holds a byte that is not UTF-8 (" + std::string(byte) + ")",
               "save the " + std::string(what) + " as UTF-8");
    return std::nullopt;
  }
  YAML::Node root;
  try {
    if (auto problem = load_single_document(text, root, what)) {
      log.report(problem->mark, "", problem->message, problem->hint);
      if (problem->syntax_error) return std::nullopt;
    }
  } catch (const YAML::Exception& e) {
    // Covers syntax errors and yaml-cpp's nesting depth guard (DeepRecursion).
    log.report(e.mark, "", "YAML syntax error: " + e.msg,
               "check the indentation and quoting around this position");
    return std::nullopt;
  }
  return root;
}

}  // namespace walletfuzz::yaml_reading
