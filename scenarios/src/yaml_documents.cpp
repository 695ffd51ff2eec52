#include "yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace walletfuzz::scenarios::detail {
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

std::optional<DocumentProblem> load_single_document(const std::string& text, YAML::Node& root) {
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
                           "a scenario starts with a key such as 'target:'", true};
  }
  if (second_document.only_null) return std::nullopt;  // a trailing '---' with nothing after it
  return DocumentProblem{second_document.first, "holds more than one YAML document",
                         "one scenario per file; remove the second '---'"};
}

}  // namespace walletfuzz::scenarios::detail
