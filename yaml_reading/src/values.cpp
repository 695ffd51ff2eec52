#include "walletfuzz/yaml_reading/values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "walletfuzz/yaml_reading/suggest.hpp"

namespace walletfuzz::yaml_reading {
namespace {

// Quoted scalars carry the tag "!"; plain ones "?". A quoted "60" is text, not a number.
bool is_quoted(const YAML::Node& node) {
  return node.Tag() == "!";
}

bool is_null(const YAML::Node& node) {
  return !node.IsDefined() || node.IsNull();
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// YAML allows "1_000_000"; underscores between digits are dropped.
std::string without_digit_separators(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool between_digits = text[i] == '_' && i > 0 && i + 1 < text.size() &&
                          std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                          std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if (!between_digits) out += text[i];
  }
  return out;
}

// A bound as people write it: "900", "0.001", "1e+18".
std::string number_text(double value) {
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc() ? std::string(text, end) : std::to_string(value);
}

std::optional<double> parse_double(std::string_view text) {
  std::string clean = without_digit_separators(text);
  std::string_view view = clean;
  if (!view.empty() && view.front() == '+') view.remove_prefix(1);
  if (view.empty() || !(std::isdigit(static_cast<unsigned char>(view.front())) ||
                        view.front() == '-' || view.front() == '.')) {
    return std::nullopt;  // rejects "inf", "nan" and friends, which from_chars would accept
  }
  double value = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc() || end != view.data() + view.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Checks that `node` is a scalar fit for a value of type `what`; reports and returns false if not.
bool expect_scalar(ProblemLog& ctx, const YAML::Node& node, const std::string& field,
                   std::string_view what) {
  if (node.IsScalar() && !is_null(node)) return true;
  std::string hint = is_null(node) ? "write a value after the colon, or remove the key to use "
                                     "the default"
                                   : std::string{};
  ctx.report(node.Mark(), field, "expected " + std::string(what) + ", got " + describe(node),
             std::move(hint));
  return false;
}

}  // namespace

std::string excerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) {
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  if (text.size() > 40) out += "...";
  return out;
}

std::string describe(const YAML::Node& node) {
  if (is_null(node)) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  std::string text = "\"" + excerpt(node.Scalar()) + "\"";
  return is_quoted(node) ? "the quoted text " + text : text;
}

std::optional<std::string> read_string(ProblemLog& ctx, const YAML::Node& node,
                                       const std::string& field) {
  if (!expect_scalar(ctx, node, field, "text")) return std::nullopt;
  ctx.note(node.Mark(), field);
  return node.Scalar();
}

std::optional<double> read_number(ProblemLog& ctx, const YAML::Node& node,
                                  const std::string& field) {
  if (!expect_scalar(ctx, node, field, "a number")) return std::nullopt;
  std::optional<double> value = parse_double(node.Scalar());
  if (!value) {
    ctx.report(node.Mark(), field, "expected a number, got " + describe(node),
               is_quoted(node) ? "remove the quotes" : "write digits, e.g. 10 or 0.5");
    return std::nullopt;
  }
  ctx.note(node.Mark(), field);
  return value;
}

std::optional<std::uint64_t> read_count(ProblemLog& ctx, const YAML::Node& node,
                                        const std::string& field, std::uint64_t max) {
  if (!expect_scalar(ctx, node, field, "a whole number")) return std::nullopt;
  std::optional<double> value = parse_double(node.Scalar());
  if (!value || is_quoted(node)) {
    ctx.report(node.Mark(), field, "expected a whole number, got " + describe(node),
               is_quoted(node) ? "remove the quotes" : "write digits, e.g. 16");
    return std::nullopt;
  }
  if (*value < 0) {
    ctx.report(node.Mark(), field, "must not be negative, got " + describe(node));
    return std::nullopt;
  }
  if (*value != std::floor(*value)) {
    ctx.report(node.Mark(), field, "must be a whole number, got " + describe(node));
    return std::nullopt;
  }
  if (*value > static_cast<double>(max)) {
    ctx.report(
        node.Mark(), field,
        "is too large: " + excerpt(node.Scalar()) + " (at most " + std::to_string(max) + ")");
    return std::nullopt;
  }
  // Integers beyond 2^53 lose precision as doubles; read those digit by digit.
  std::uint64_t exact = 0;
  std::string digits = without_digit_separators(node.Scalar());
  std::string_view view = digits;
  if (!view.empty() && view.front() == '+') view.remove_prefix(1);
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), exact);
  if (error != std::errc() || end != view.data() + view.size()) {
    exact = static_cast<std::uint64_t>(*value);
  }
  ctx.note(node.Mark(), field);
  return exact;
}

std::optional<bool> read_bool(ProblemLog& ctx, const YAML::Node& node, const std::string& field) {
  if (!expect_scalar(ctx, node, field, "true or false")) return std::nullopt;
  std::string text = lowercase(node.Scalar());
  if (!is_quoted(node)) {
    if (text == "true" || text == "yes" || text == "on") {
      ctx.note(node.Mark(), field);
      return true;
    }
    if (text == "false" || text == "no" || text == "off") {
      ctx.note(node.Mark(), field);
      return false;
    }
  }
  ctx.report(node.Mark(), field, "expected true or false, got " + describe(node));
  return std::nullopt;
}

std::optional<double> read_number_in(ProblemLog& ctx, const YAML::Node& node,
                                     const std::string& field, double low, double high) {
  std::optional<double> value = read_number(ctx, node, field);
  if (value && (*value < low || *value > high)) {
    ctx.report(node.Mark(), field,
               "must be between " + number_text(low) + " and " + number_text(high) + ", got " +
                   excerpt(node.Scalar()));
    return std::nullopt;
  }
  return value;
}

std::optional<std::size_t> read_choice(ProblemLog& ctx, const YAML::Node& node,
                                       const std::string& field,
                                       const std::vector<std::string>& names) {
  std::string all;
  for (const std::string& name : names) all += (all.empty() ? "" : " | ") + name;
  if (!expect_scalar(ctx, node, field, all)) return std::nullopt;
  const std::string& text = node.Scalar();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) {
      ctx.note(node.Mark(), field);
      return i;
    }
  }
  ctx.report(node.Mark(), field, "unknown value " + describe(node) + ", expected " + all,
             suggestion_hint(text, names));
  return std::nullopt;
}

MapReader::MapReader(ProblemLog& ctx, const YAML::Node& node, std::string field,
                     std::vector<std::string> known_keys)
    : ctx_(ctx), field_(std::move(field)), mark_(node.Mark()) {
  if (is_null(node)) return;
  if (!node.IsMap()) {
    ctx_.report(node.Mark(), field_, "expected a map of keys, got " + describe(node),
                "write the keys indented under '" + field_ + ":'");
    return;
  }
  ctx_.note(node.Mark(), field_);
  std::map<std::string, YAML::Mark> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: it-> points into a temporary
    if (!key.IsScalar() || is_null(key)) {
      ctx_.report(key.Mark(), field_, "keys must be plain names, got " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    std::string key_field = join_field(field_, name);
    if (std::find(known_keys.begin(), known_keys.end(), name) == known_keys.end()) {
      ctx_.report(key.Mark(), key_field, "unknown key '" + excerpt(name) + "'",
                  suggestion_hint(name, known_keys, "keys allowed here"));
      continue;
    }
    if (auto previous = seen.find(name); previous != seen.end()) {
      ctx_.report(
          key.Mark(), key_field, "duplicate key '" + name + "'",
          "it is already set at line " + std::to_string(previous->second.line + 1) + "; keep one");
      continue;
    }
    seen.emplace(name, key.Mark());
    entries_.push_back({name, it->second});
  }
}

const MapReader::Entry* MapReader::find(std::string_view key) const {
  for (const Entry& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

YAML::Node MapReader::get(std::string_view key) const {
  const Entry* entry = find(key);
  return entry ? entry->value : YAML::Node(YAML::NodeType::Undefined);
}

void MapReader::missing(std::string_view key, std::string hint) {
  ctx_.report(mark_, field(key), "is required but missing", std::move(hint));
}

void MapReader::report(std::string_view key, std::string message, std::string hint) {
  const Entry* entry = find(key);
  ctx_.report(entry ? entry->value.Mark() : mark_, field(key), std::move(message), std::move(hint));
}

void MapReader::not_allowed(std::string_view key, std::string message, std::string hint) {
  report(key, std::move(message), std::move(hint));
}

bool MapReader::read(std::string_view key, std::string& out) {
  const Entry* entry = find(key);
  if (!entry) return false;
  auto value = read_string(ctx_, entry->value, field(key));
  if (value) out = std::move(*value);
  return value.has_value();
}

bool MapReader::read(std::string_view key, double& out) {
  const Entry* entry = find(key);
  if (!entry) return false;
  auto value = read_number(ctx_, entry->value, field(key));
  if (value) out = *value;
  return value.has_value();
}

bool MapReader::read(std::string_view key, std::optional<double>& out) {
  double value = 0;
  if (!read(key, value)) return false;
  out = value;
  return true;
}

bool MapReader::read_in(std::string_view key, double low, double high, double& out) {
  const Entry* entry = find(key);
  if (!entry) return false;
  auto value = read_number_in(ctx_, entry->value, field(key), low, high);
  if (value) out = *value;
  return value.has_value();
}

bool MapReader::read(std::string_view key, bool& out) {
  const Entry* entry = find(key);
  if (!entry) return false;
  auto value = read_bool(ctx_, entry->value, field(key));
  if (value) out = *value;
  return value.has_value();
}

bool MapReader::read(std::string_view key, unsigned& out, unsigned max) {
  const Entry* entry = find(key);
  if (!entry) return false;
  auto value = read_count(ctx_, entry->value, field(key), max);
  if (value) out = static_cast<unsigned>(*value);
  return value.has_value();
}

bool MapReader::read(std::string_view key, std::optional<unsigned>& out, unsigned max) {
  unsigned value = 0;
  if (!read(key, value, max)) return false;
  out = value;
  return true;
}

bool MapReader::read(std::string_view key, std::uint64_t& out) {
  const Entry* entry = find(key);
  if (!entry) return false;
  auto value = read_count(ctx_, entry->value, field(key), UINT64_MAX);
  if (value) out = *value;
  return value.has_value();
}

bool MapReader::read_path(std::string_view key, std::filesystem::path& out) {
  std::string text;
  if (!read(key, text)) return false;
  if (text.empty() || text.find('\0') != std::string::npos) {
    ctx_.report(get(key).Mark(), field(key), "expected a path, got " + describe(get(key)));
    return false;
  }
  out = ctx_.resolve(text);
  return true;
}

bool MapReader::read(std::string_view key, std::vector<std::string>& out) {
  const Entry* entry = find(key);
  if (!entry) return false;
  const YAML::Node& list = entry->value;
  std::string list_field = field(key);
  if (!list.IsSequence()) {
    ctx_.report(list.Mark(), list_field, "expected a list, got " + describe(list),
                "write [a, b] or one '- item' per line");
    return false;
  }
  ctx_.note(list.Mark(), list_field);
  std::vector<std::string> values;
  bool all_valid = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto value = read_string(ctx_, list[i], index_field(list_field, i));
    if (value) {
      values.push_back(std::move(*value));
    } else {
      all_valid = false;
    }
  }
  out = std::move(values);
  return all_valid;
}

}  // namespace walletfuzz::yaml_reading
