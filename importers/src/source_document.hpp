#pragma once
// A parsed input file (JSON, or YAML read as the same tree) and a cursor over it that knows its
// path, so every importer reports a problem as "file: log.entries[3].request.url: message" with
// the file's line and column where the format keeps them (YAML).
#include <boost/json/value.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace walletfuzz::importers::detail {

struct SourceDocument {
  std::string file;  ///< as given on the command line, for messages
  boost::json::value root;
  /// 1-based line and column of each path, for documents read from YAML (JSON has none).
  std::map<std::string, std::pair<int, int>, std::less<>> marks;

  /// Throws InputError at `path` of this document.
  [[noreturn]] void fail(const std::string& path, const std::string& message,
                         const std::string& hint = {}) const;
};

/// Reads `file` as JSON with Boost.JSON; a syntax error names its line and column.
SourceDocument read_json_document(const std::filesystem::path& file);
/// Reads `file` as YAML (JSON being YAML too) through yaml_reading, turning plain scalars that
/// read as numbers, booleans or null into those, quoted scalars into strings.
SourceDocument read_yaml_document(const std::filesystem::path& file);

/// A place in a SourceDocument: its value (null pointer when absent) and its path.
class Node {
 public:
  Node(const SourceDocument& doc, const boost::json::value* value, std::string path)
      : doc_(&doc), value_(value), path_(std::move(path)) {}
  static Node root(const SourceDocument& doc) { return Node(doc, &doc.root, ""); }

  bool present() const noexcept { return value_ != nullptr && !value_->is_null(); }
  const boost::json::value& value() const { return *value_; }
  const std::string& path() const noexcept { return path_; }
  const SourceDocument& document() const noexcept { return *doc_; }

  /// Member `key` (absent when this is not an object or has no such member).
  Node member(std::string_view key) const;
  /// Member `key`, which must be present and not null.
  Node require(std::string_view key) const;
  /// Element `index` of an array.
  Node at(std::size_t index) const;

  bool is_object() const noexcept { return present() && value_->is_object(); }
  bool is_array() const noexcept { return present() && value_->is_array(); }
  bool is_string() const noexcept { return present() && value_->is_string(); }
  const boost::json::object& object() const;  ///< fails unless an object
  const boost::json::array& array() const;    ///< fails unless an array
  std::string string() const;                 ///< fails unless a string
  /// A string member, or `fallback` when absent or null; fails when it is another type.
  std::string string_or(std::string_view key, std::string fallback = {}) const;
  bool bool_or(std::string_view key, bool fallback) const;

  [[noreturn]] void fail(const std::string& message, const std::string& hint = {}) const {
    doc_->fail(path_, message, hint);
  }

 private:
  const SourceDocument* doc_;
  const boost::json::value* value_;
  std::string path_;
};

/// "log" + "entries" → "log.entries"; "" + "log" → "log".
std::string join_path(std::string_view parent, std::string_view key);

/// Standard base64 (and base64url), padding optional. nullopt when it is not base64.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace walletfuzz::importers::detail
