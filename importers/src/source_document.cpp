#include "source_document.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json/parse.hpp>
#include <boost/json/stream_parser.hpp>
#include <cctype>
#include <charconv>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/yaml_reading/document.hpp"
#include "walletfuzz/yaml_reading/problem_log.hpp"

namespace walletfuzz::importers::detail {
namespace {

// Imported files are API definitions and recordings; a HAR of a long session reaches tens of MB.
constexpr std::size_t kMaxInputBytes = 256u * 1024 * 1024;

std::pair<int, int> line_and_column(std::string_view text, std::size_t offset) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// A plain YAML scalar as JSON: YAML 1.2's core schema (numbers, true/false, null, ~), the way
// OpenAPI documents are meant to be read; anything else, and every quoted scalar, is a string.
boost::json::value yaml_scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() != "?") return boost::json::value(text);  // quoted, or explicitly tagged
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
    return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  std::int64_t integer = 0;
  if (auto [end, ec] = std::from_chars(first, last, integer); ec == std::errc{} && end == last)
    return integer;
  const bool numeric_start = std::isdigit(static_cast<unsigned char>(text[0])) ||
                             ((text[0] == '-' || text[0] == '.') && text.size() > 1);
  double real = 0;
  if (auto [end, ec] = std::from_chars(first, last, real);
      numeric_start && ec == std::errc{} && end == last)
    return real;
  return boost::json::value(text);
}

boost::json::value yaml_to_json(const YAML::Node& node, const std::string& path,
                                SourceDocument& doc) {
  const YAML::Mark mark = node.Mark();
  if (mark.line >= 0) doc.marks.emplace(path, std::pair{mark.line + 1, mark.column + 1});
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return yaml_scalar(node);
    case YAML::NodeType::Sequence: {
      boost::json::array out;
      std::size_t index = 0;
      for (const auto& item : node) {
        out.push_back(yaml_to_json(item, path + "[" + std::to_string(index++) + "]", doc));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      boost::json::object out;
      for (const auto& entry : node) {
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
        out[key] = yaml_to_json(entry.second, join_path(path, key), doc);
      }
      return out;
    }
    default:
      return nullptr;
  }
}

}  // namespace

void SourceDocument::fail(const std::string& path, const std::string& message,
                          const std::string& hint) const {
  Location where{file, 0, 0, path};
  if (auto it = marks.find(path); it != marks.end()) {
    where.line = it->second.first;
    where.column = it->second.second;
  }
  throw InputError(where, message, hint);
}

SourceDocument read_json_document(const std::filesystem::path& file) {
  SourceDocument doc{file.string(), nullptr, {}};
  const std::string text = read_file(file, kMaxInputBytes);
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const auto [line, column] = line_and_column(text, used);
    throw InputError({doc.file, line, column, ""}, "not valid JSON: " + ec.message());
  }
  doc.root = parser.release();
  return doc;
}

SourceDocument read_yaml_document(const std::filesystem::path& file) {
  SourceDocument doc{file.string(), nullptr, {}};
  const std::string text = read_file(file, kMaxInputBytes);
  yaml_reading::ProblemLog log(doc.file);
  std::optional<YAML::Node> root = yaml_reading::read_document(text, log, "document");
  if (!log.problems.empty()) {
    const Problem& first = log.problems.front();
    throw InputError(first.where, first.message, first.hint);
  }
  if (!root) throw InputError({doc.file, 0, 0, ""}, "cannot be read as YAML");
  doc.root = yaml_to_json(*root, "", doc);
  return doc;
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out(parent);
  out += '.';
  out += key;
  return out;
}

Node Node::member(std::string_view key) const {
  const std::string path = join_path(path_, key);
  if (!present() || !value_->is_object()) return Node(*doc_, nullptr, path);
  return Node(*doc_, value_->as_object().if_contains(key), path);
}

Node Node::require(std::string_view key) const {
  Node child = member(key);
  if (!child.present()) {
    if (!is_object()) fail("must be an object");
    child.fail("is missing");
  }
  return child;
}

Node Node::at(std::size_t index) const {
  const std::string path = path_ + "[" + std::to_string(index) + "]";
  if (!is_array() || index >= value_->as_array().size()) return Node(*doc_, nullptr, path);
  return Node(*doc_, &value_->as_array()[index], path);
}

const boost::json::object& Node::object() const {
  if (!is_object()) fail(present() ? "must be an object" : "is missing");
  return value_->as_object();
}

const boost::json::array& Node::array() const {
  if (!is_array()) fail(present() ? "must be a list" : "is missing");
  return value_->as_array();
}

std::string Node::string() const {
  if (!is_string()) fail(present() ? "must be a string" : "is missing");
  return std::string(value_->as_string());
}

std::string Node::string_or(std::string_view key, std::string fallback) const {
  Node child = member(key);
  if (!child.present()) return fallback;
  return child.string();
}

bool Node::bool_or(std::string_view key, bool fallback) const {
  Node child = member(key);
  if (!child.present()) return fallback;
  if (!child.value().is_bool()) child.fail("must be true or false");
  return child.value().as_bool();
}

std::optional<std::string> decode_base64(std::string_view text) {
  auto digit = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '\n' || c == '\r') continue;
    const int value = digit(c);
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  if (count >= 6) return std::nullopt;  // one stray character: not a whole byte
  return out;
}

}  // namespace walletfuzz::importers::detail
