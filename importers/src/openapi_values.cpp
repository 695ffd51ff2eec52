#include "openapi_values.hpp"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <set>

namespace walletfuzz::importers::detail {
namespace {

// Deeper than any real payload; stops recursive schemas (a tree of nodes) from recursing forever.
constexpr int kMaxDepth = 12;

std::string unescape_pointer(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else if (token[i] == '%' && i + 2 < token.size()) {
      out += static_cast<char>(std::stoi(std::string(token.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += token[i];
    }
  }
  return out;
}

Node follow_pointer(const Node& at, const std::string& ref) {
  Node node = Node::root(at.document());
  std::size_t from = 2;  // after "#/"
  while (from <= ref.size()) {
    std::size_t end = ref.find('/', from);
    if (end == std::string::npos) end = ref.size();
    const std::string token = unescape_pointer(std::string_view(ref).substr(from, end - from));
    node = node.is_array() && !token.empty() && std::isdigit(static_cast<unsigned char>(token[0]))
               ? node.at(static_cast<std::size_t>(std::stoul(token)))
               : node.member(token);
    if (!node.present()) at.member("$ref").fail("'" + ref + "' points at nothing");
    from = end + 1;
  }
  return node;
}

std::string schema_type(const Node& schema) {
  const Node type = schema.member("type");
  if (type.is_string()) return type.string();
  if (type.is_array()) {  // 3.1: ["string", "null"]
    for (std::size_t i = 0; i < type.array().size(); ++i) {
      if (type.at(i).is_string() && type.at(i).string() != "null") return type.at(i).string();
    }
    return "null";
  }
  if (schema.member("properties").present()) return "object";
  if (schema.member("items").present()) return "array";
  return "";
}

double number_or(const Node& schema, std::string_view key, double fallback) {
  const Node n = schema.member(key);
  return n.present() && n.value().is_number() ? n.value().to_number<double>() : fallback;
}

boost::json::value string_for(const Node& schema) {
  const std::string format = schema.string_or("format");
  std::string text = "string";
  if (format == "date-time")
    text = "2024-01-01T00:00:00Z";
  else if (format == "date")
    text = "2024-01-01";
  else if (format == "time")
    text = "00:00:00Z";
  else if (format == "email")
    text = "user@example.com";
  else if (format == "uuid")
    text = "00000000-0000-4000-8000-000000000000";
  else if (format == "uri" || format == "url")
    text = "https://example.com/";
  else if (format == "hostname")
    text = "example.com";
  else if (format == "ipv4")
    text = "192.0.2.1";
  else if (format == "ipv6")
    text = "2001:db8::1";
  else if (format == "byte")
    text = "AAAA";
  else if (format == "binary")
    text = "x";
  const auto min_length = static_cast<std::size_t>(number_or(schema, "minLength", 0));
  const auto max_length = static_cast<std::size_t>(number_or(schema, "maxLength", 1e9));
  if (text.size() < min_length) text.append(min_length - text.size(), 'a');
  if (text.size() > max_length) text.resize(max_length);
  return boost::json::value(text);
}

boost::json::value number_for(const Node& schema, bool integer) {
  double low = number_or(schema, "minimum", -1e300);
  double high = number_or(schema, "maximum", 1e300);
  // 3.0: exclusiveMinimum is a boolean beside minimum; 3.1: it is the bound itself.
  const Node exclusive_min = schema.member("exclusiveMinimum");
  const Node exclusive_max = schema.member("exclusiveMaximum");
  const double step = integer ? 1 : 0.5;
  if (exclusive_min.present() && exclusive_min.value().is_number())
    low = exclusive_min.value().to_number<double>() + step;
  else if (exclusive_min.present() && exclusive_min.value().is_bool() &&
           exclusive_min.value().as_bool())
    low += step;
  if (exclusive_max.present() && exclusive_max.value().is_number())
    high = exclusive_max.value().to_number<double>() - step;
  else if (exclusive_max.present() && exclusive_max.value().is_bool() &&
           exclusive_max.value().as_bool())
    high -= step;
  double value = 1;  // a small positive number: the usual "count" or "id" a handler expects
  if (value < low) value = low;
  if (value > high) value = high;
  const double multiple = number_or(schema, "multipleOf", 0);
  if (multiple > 0) value = std::ceil(value / multiple) * multiple;
  if (integer) return static_cast<std::int64_t>(std::ceil(value));
  return value;
}

boost::json::value generate(const Node& node, int depth, std::set<std::string>& stack);

boost::json::value object_for(const Node& schema, int depth, std::set<std::string>& stack) {
  boost::json::object out;
  const Node properties = schema.member("properties");
  const Node required = schema.member("required");
  for (std::size_t i = 0; required.is_array() && i < required.array().size(); ++i) {
    const std::string name = required.at(i).string();
    const Node property = properties.member(name);
    out[name] =
        property.present() ? generate(property, depth + 1, stack) : boost::json::value("string");
  }
  return out;
}

boost::json::value generate(const Node& written, int depth, std::set<std::string>& stack) {
  if (depth > kMaxDepth) return nullptr;
  const std::string ref = written.string_or("$ref");
  if (!ref.empty() && stack.count(ref)) return nullptr;  // a recursive schema: stop here
  if (!ref.empty()) stack.insert(ref);
  const Node schema = resolve_ref(written);
  boost::json::value result;
  if (std::optional<boost::json::value> example = example_of(schema)) {
    result = std::move(*example);
  } else if (const Node values = schema.member("enum");
             values.is_array() && !values.array().empty()) {
    result = values.array().front();
  } else if (const Node all = schema.member("allOf"); all.is_array()) {
    boost::json::object merged;
    for (std::size_t i = 0; i < all.array().size(); ++i) {
      boost::json::value part = generate(all.at(i), depth + 1, stack);
      if (part.is_object()) {
        for (auto& member : part.as_object()) merged[member.key()] = member.value();
      } else {
        result = part;
      }
    }
    if (!merged.empty() || result.is_null()) result = std::move(merged);
  } else if (const Node one = schema.member("oneOf"); one.is_array() && !one.array().empty()) {
    result = generate(one.at(0), depth + 1, stack);
  } else if (const Node any = schema.member("anyOf"); any.is_array() && !any.array().empty()) {
    result = generate(any.at(0), depth + 1, stack);
  } else {
    const std::string type = schema_type(schema);
    if (type == "object" || (type.empty() && schema.member("required").present())) {
      result = object_for(schema, depth, stack);
    } else if (type == "array") {
      boost::json::array items;
      const auto count = static_cast<std::size_t>(std::min(
          std::max(number_or(schema, "minItems", 1), 1.0), number_or(schema, "maxItems", 1e9)));
      const Node item = schema.member("items");
      // An item that is the schema itself again (a tree of nodes) ends the tree: no children.
      const bool recursive = item.present() && stack.count(item.string_or("$ref")) > 0;
      for (std::size_t i = 0; i < count && !recursive; ++i)
        items.push_back(item.present() ? generate(item, depth + 1, stack)
                                       : boost::json::value("string"));
      result = std::move(items);
    } else if (type == "integer" || type == "number") {
      result = number_for(schema, type == "integer");
    } else if (type == "boolean") {
      result = true;
    } else if (type == "null") {
      result = nullptr;
    } else {
      result = string_for(schema);
    }
  }
  if (!ref.empty()) stack.erase(ref);
  return result;
}

}  // namespace

Node resolve_ref(const Node& node) {
  Node current = node;
  for (int hops = 0; hops < 32; ++hops) {
    const Node ref = current.member("$ref");
    if (!ref.present()) return current;
    const std::string target = ref.string();
    if (!target.starts_with("#/"))
      ref.fail("'" + target + "' is not a local reference",
               "only references inside the document (#/components/...) are followed; bundle "
               "the definition into one file first");
    current = follow_pointer(current, target);
  }
  node.member("$ref").fail("references form a cycle");
}

std::optional<boost::json::value> example_of(const Node& node) {
  if (const Node example = node.member("example"); example.present()) return example.value();
  const Node examples = node.member("examples");
  if (examples.is_array() && !examples.array().empty()) return examples.array().front();
  if (examples.is_object() && !examples.object().empty()) {
    const Node first = resolve_ref(examples.member(examples.object().begin()->key()));
    if (const Node value = first.member("value"); value.present()) return value.value();
  }
  if (const Node value = node.member("default"); value.present()) return value.value();
  if (const Node value = node.member("const"); value.present()) return value.value();
  return std::nullopt;
}

boost::json::value value_for_schema(const Node& schema) {
  std::set<std::string> stack;
  return generate(schema, 0, stack);
}

std::string value_as_text(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value.as_array()) {
      if (!out.empty()) out += ',';
      out += value_as_text(item);
    }
    return out;
  }
  if (value.is_null()) return "";
  return boost::json::serialize(value);
}

}  // namespace walletfuzz::importers::detail
