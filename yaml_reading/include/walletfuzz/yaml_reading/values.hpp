#pragma once
// Typed reading of YAML nodes with problems instead of exceptions: each reader either stores the
// value (and notes where it was written) or reports what is wrong with it to the ProblemLog and
// leaves the default. Scalars follow one rule everywhere: numbers are decimal and finite ("1_000"
// allowed, ".nan" and quoted numbers not), booleans are true/false (yes/no, on/off accepted).

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "walletfuzz/yaml_reading/problem_log.hpp"

namespace walletfuzz::yaml_reading {

/// Scalar text as it may appear inside a one-line message: printable and at most 40 characters.
std::string excerpt(std::string_view text);

/// "a list", "a map", "nothing", "the text \"abc\"" — for "expected X, got Y" messages.
std::string describe(const YAML::Node& node);

// Scalar conversions. Each returns nullopt after reporting a problem for `field`.
std::optional<std::string> read_string(ProblemLog& ctx, const YAML::Node& node,
                                       const std::string& field);
std::optional<double> read_number(ProblemLog& ctx, const YAML::Node& node,
                                  const std::string& field);
std::optional<std::uint64_t> read_count(ProblemLog& ctx, const YAML::Node& node,
                                        const std::string& field, std::uint64_t max);
std::optional<bool> read_bool(ProblemLog& ctx, const YAML::Node& node, const std::string& field);
/// A number within [low, high].
std::optional<double> read_number_in(ProblemLog& ctx, const YAML::Node& node,
                                     const std::string& field, double low, double high);

/// A value that must be one of a few names ("constant", "ramp", "spike").
template <typename Enum>
std::optional<Enum> read_enum(ProblemLog& ctx, const YAML::Node& node, const std::string& field,
                              const std::vector<std::pair<std::string, Enum>>& names);
std::optional<std::size_t> read_choice(ProblemLog& ctx, const YAML::Node& node,
                                       const std::string& field,
                                       const std::vector<std::string>& names);

template <typename Enum>
std::optional<Enum> read_enum(ProblemLog& ctx, const YAML::Node& node, const std::string& field,
                              const std::vector<std::pair<std::string, Enum>>& names) {
  std::vector<std::string> just_names;
  for (const auto& entry : names) just_names.push_back(entry.first);
  if (auto index = read_choice(ctx, node, field, just_names)) return names[*index].second;
  return std::nullopt;
}

/// The entries of a map section, checked for unknown keys (with a "did you mean"), duplicate
/// keys and non-name keys when constructed. Reading a key that is absent leaves the default.
class MapReader {
 public:
  /// Reports a problem (and reads as empty) if `node` is not a map. A null node (the section
  /// written with nothing after the colon) reads as an empty map.
  MapReader(ProblemLog& ctx, const YAML::Node& node, std::string field,
            std::vector<std::string> known_keys);

  bool has(std::string_view key) const { return find(key) != nullptr; }
  /// The value node, or an undefined node when absent.
  YAML::Node get(std::string_view key) const;
  std::string field(std::string_view key) const { return join_field(field_, key); }
  const std::string& field() const noexcept { return field_; }
  YAML::Mark mark() const { return mark_; }
  /// Reports `key` as missing (a required field) at this map's own position.
  void missing(std::string_view key, std::string hint);
  /// A number within [low, high] (messages say "must be between low and high").
  bool read_in(std::string_view key, double low, double high, double& out);
  /// Reports a problem with the value of `key` (at the value, or at this map when absent).
  void report(std::string_view key, std::string message, std::string hint = {});
  /// Reports `key` as not allowed here (valid elsewhere, e.g. `rate` on a ramp stage).
  void not_allowed(std::string_view key, std::string message, std::string hint);

  // Readers for optional keys; absent keys leave `out` unchanged. They return true when the key
  // was present and valid.
  bool read(std::string_view key, std::string& out);
  bool read(std::string_view key, double& out);
  bool read(std::string_view key, std::optional<double>& out);
  bool read(std::string_view key, bool& out);
  bool read(std::string_view key, unsigned& out, unsigned max = 4'000'000'000u);
  bool read(std::string_view key, std::optional<unsigned>& out, unsigned max = 4'000'000'000u);
  bool read(std::string_view key, std::uint64_t& out);
  /// A path relative to the log's base_dir, stored resolved.
  bool read_path(std::string_view key, std::filesystem::path& out);
  /// A list of strings (a single string is not accepted, to keep one spelling).
  bool read(std::string_view key, std::vector<std::string>& out);

 private:
  struct Entry {
    std::string key;
    YAML::Node value;
  };
  const Entry* find(std::string_view key) const;

  ProblemLog& ctx_;
  std::string field_;
  YAML::Mark mark_;
  std::vector<Entry> entries_;
};

}  // namespace walletfuzz::yaml_reading
