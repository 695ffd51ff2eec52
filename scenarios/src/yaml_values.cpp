#include "yaml_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "suggest.hpp"

namespace walletfuzz::scenarios::detail {
namespace {

// Quoted scalars carry the tag "!"; plain ones "?". A quoted "60" is text, not a number.
bool is_quoted(const YAML::Node& node) {
  return node.Tag() == "!";
}

bool is_null(const YAML::Node& node) {
  return !node.IsDefined() || node.IsNull();
}

// Scalar text as it may appear inside a one-line message: printable and short.
std::string excerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) {
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  if (text.size() > 40) out += "...";
  return out;
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
bool expect_scalar(ParseContext& ctx, const YAML::Node& node, const std::string& field,
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

std::string describe(const YAML::Node& node) {
  if (is_null(node)) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  std::string text = "\"" + excerpt(node.Scalar()) + "\"";
  return is_quoted(node) ? "the quoted text " + text : text;
}

std::optional<std::string> read_string(ParseContext& ctx, const YAML::Node& node,
                                       const std::string& field) {
  if (!expect_scalar(ctx, node, field, "text")) return std::nullopt;
  ctx.note(node.Mark(), field);
  return node.Scalar();
}

std::optional<double> read_number(ParseContext& ctx, const YAML::Node& node,
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

std::optional<std::uint64_t> read_count(ParseContext& ctx, const YAML::Node& node,
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

std::optional<bool> read_bool(ParseContext& ctx, const YAML::Node& node, const std::string& field) {
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

std::optional<std::size_t> read_choice(ParseContext& ctx, const YAML::Node& node,
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

MapReader::MapReader(ParseContext& ctx, const YAML::Node& node, std::string field,
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

void MapReader::not_allowed(std::string_view key, std::string message, std::string hint) {
  const Entry* entry = find(key);
  ctx_.report(entry ? entry->value.Mark() : mark_, field(key), std::move(message), std::move(hint));
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

bool MapReader::read(std::string_view key, std::vector<PricingOverride>& out) {
  const Entry* entry = find(key);
  if (!entry) return false;
  const YAML::Node& map = entry->value;
  std::string map_field = field(key);
  if (is_null(map)) return true;
  if (!map.IsMap()) {
    ctx_.report(map.Mark(), map_field,
                "expected a map of catalog paths to values, got " + describe(map),
                "e.g. aws-lambda.meters.requests.tiers[0].usd: 0.25");
    return false;
  }
  ctx_.note(map.Mark(), map_field);
  bool all_valid = true;
  for (auto it = map.begin(); it != map.end(); ++it) {
    auto name = read_string(ctx_, it->first, map_field);
    if (!name) {
      all_valid = false;
      continue;
    }
    std::string item_field = join_field(map_field, *name);
    bool duplicate = std::any_of(out.begin(), out.end(),
                                 [&](const PricingOverride& o) { return o.key == *name; });
    if (duplicate) {
      ctx_.report(it->first.Mark(), item_field, "duplicate key '" + excerpt(*name) + "'");
      all_valid = false;
      continue;
    }
    std::size_t dot = name->find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == name->size()) {
      ctx_.report(it->first.Mark(), item_field,
                  "'" + excerpt(*name) + "' is not <provider>.<path in its pricing file>",
                  "e.g. aws-lambda.meters.duration-arm64.tiers[0].usd");
      all_valid = false;
      continue;
    }
    const YAML::Node value = it->second;  // a copy, as above
    if (is_null(value)) {
      ctx_.report(value.Mark(), item_field, "has no value", "write the new price or setting");
      all_valid = false;
      continue;
    }
    std::string text;
    if (value.IsScalar()) {
      text = value.Scalar();
    } else {
      // Lists and maps go to the cost model as one line of flow-style YAML.
      YAML::Emitter emitter;
      emitter.SetMapFormat(YAML::Flow);
      emitter.SetSeqFormat(YAML::Flow);
      emitter << value;
      text = emitter.c_str();
    }
    ctx_.note(value.Mark(), item_field);
    out.push_back({*name, std::move(text)});
  }
  return all_valid;
}

}  // namespace walletfuzz::scenarios::detail
