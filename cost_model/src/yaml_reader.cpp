#include "yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace walletfuzz::cost_model::detail {
namespace {

std::string child_path(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return parent + "." + std::string(key);
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "'" + node.Scalar() + "'";
}

}  // namespace

Location YamlField::location() const {
  Location where{*file_, 0, 0, path_};
  // yaml-cpp marks are 0-based and -1 for nodes built in memory (an override's value): those
  // have no line in the file, and the caller rewrites the location to the override's own.
  const YAML::Mark mark = node_.Mark();
  if (mark.line >= 0) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

void YamlField::fail(const std::string& message, const std::string& hint) const {
  throw InputError(location(), message, hint);
}

bool YamlField::has(std::string_view key) const {
  if (!node_.IsMap()) return false;
  const YAML::Node child = node_[std::string(key)];
  return child.IsDefined() && !child.IsNull();
}

YamlField YamlField::required(std::string_view key) const {
  if (!node_.IsMap()) fail("expected a map, got " + describe(node_));
  YAML::Node child = node_[std::string(key)];
  if (!child.IsDefined() || child.IsNull()) {
    Location where = location();
    where.field = child_path(path_, key);
    throw InputError(where, "missing field");
  }
  return YamlField(child, child_path(path_, key), *file_);
}

YamlField YamlField::element(std::size_t index) const {
  return YamlField(node_[index], path_ + "[" + std::to_string(index) + "]", *file_);
}

void YamlField::expect_map(std::initializer_list<std::string_view> allowed) const {
  if (!node_.IsMap()) fail("expected a map, got " + describe(node_));
  for (const auto& item : node_) {
    const std::string key = item.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (std::string_view k : allowed) known += (known.empty() ? "" : ", ") + std::string(k);
      YamlField(item.first, child_path(path_, key), *file_)
          .fail("unknown field", "known: " + known);
    }
  }
}

std::size_t YamlField::expect_sequence() const {
  if (!node_.IsSequence()) fail("expected a list, got " + describe(node_));
  return node_.size();
}

std::string YamlField::as_string() const {
  if (!node_.IsScalar()) fail("expected a string, got " + describe(node_));
  return node_.Scalar();
}

double YamlField::as_number() const {
  if (!node_.IsScalar()) fail("expected a number, got " + describe(node_));
  const std::string& text = node_.Scalar();
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || begin == end || !std::isfinite(value)) {
    fail("expected a number, got " + describe(node_));
  }
  return value;
}

double YamlField::as_number_in(double lo, double hi) const {
  const double value = as_number();
  if (value < lo || value > hi) {
    fail("must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
         node_.Scalar());
  }
  return value;
}

bool YamlField::as_bool() const {
  if (node_.IsScalar() && node_.Scalar() == "true") return true;
  if (node_.IsScalar() && node_.Scalar() == "false") return false;
  fail("expected true or false, got " + describe(node_));
}

double YamlField::number_or(std::string_view key, double fallback) const {
  return has(key) ? required(key).as_number() : fallback;
}

std::string YamlField::string_or(std::string_view key, std::string fallback) const {
  return has(key) ? required(key).as_string() : fallback;
}

bool YamlField::bool_or(std::string_view key, bool fallback) const {
  return has(key) ? required(key).as_bool() : fallback;
}

}  // namespace walletfuzz::cost_model::detail
