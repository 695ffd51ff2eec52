#pragma once
// Typed, strict reading of yaml-cpp nodes with errors that name file:line and the field path.
// Private to cost_model (yaml-cpp is a private dependency).

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::cost_model::detail {

/// A node together with its field path ("meters[1].tiers[0]") and file, so every accessor can
/// report where a problem is without the caller threading that context through.
class YamlField {
 public:
  YamlField(YAML::Node node, std::string path, const std::string& file)
      : node_(std::move(node)), path_(std::move(path)), file_(&file) {}

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }

  bool has(std::string_view key) const;
  /// The child `key`; throws "missing field" at this node's line when absent.
  YamlField required(std::string_view key) const;
  /// The i-th element of a sequence.
  YamlField element(std::size_t index) const;

  /// Throws unless this node is a map whose keys are all in `allowed` (typos in a price file or
  /// an override must not be silently ignored).
  void expect_map(std::initializer_list<std::string_view> allowed) const;
  /// Throws unless this node is a sequence; returns its size.
  std::size_t expect_sequence() const;

  std::string as_string() const;
  double as_number() const;  ///< finite decimal number
  bool as_bool() const;      ///< true or false
  /// A number that must satisfy lo <= x <= hi.
  double as_number_in(double lo, double hi) const;

  double number_or(std::string_view key, double fallback) const;
  std::string string_or(std::string_view key, std::string fallback) const;
  bool bool_or(std::string_view key, bool fallback) const;

  /// An InputError at this node ("file:line:col: path: message").
  [[noreturn]] void fail(const std::string& message, const std::string& hint = {}) const;
  Location location() const;

 private:
  YAML::Node node_;
  std::string path_;
  const std::string* file_;
};

}  // namespace walletfuzz::cost_model::detail
