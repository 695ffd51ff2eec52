#include "json_fields.hpp"

#include <cmath>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::formats::detail {
namespace json = boost::json;

namespace {

// Line and column (1-based) of byte `offset`, for a syntax error message.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset) {
  int line = 1, column = 1;
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

}  // namespace

json::value parse_json_text(std::string_view text, const std::string& file) {
  json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  options.max_depth = 64;
  json::stream_parser parser({}, options);
  json::error_code ec;
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    auto [line, column] = line_and_column(text, consumed);
    throw InputError({file, line, column, {}}, "invalid JSON: " + ec.message());
  }
  return parser.release();
}

json::value parse_run_file(std::string_view text, RunFile kind, const std::string& file) {
  json::value document = parse_json_text(text, file);
  const JsonObjectView root = root_object(document, file);
  check_schema(root.string("schema").value_or(""), kind, file);
  return document;
}

json::value optional_number(const std::optional<double>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::value optional_text(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::array strings_json(const std::vector<std::string>& texts) {
  json::array out;
  for (const std::string& text : texts) out.push_back(json::value(text));
  return out;
}

JsonObjectView root_object(const json::value& root, const std::string& file) {
  if (!root.is_object()) throw InputError({file, 0, 0, "(root)"}, "expected a JSON object");
  return JsonObjectView(root.get_object(), file, "");
}

JsonObjectView element_object(const json::array& array, std::size_t index, const std::string& file,
                              const std::string& path) {
  std::string where = path + "[" + std::to_string(index) + "]";
  if (!array[index].is_object()) throw InputError({file, 0, 0, where}, "expected an object");
  return JsonObjectView(array[index].get_object(), file, where);
}

std::string JsonObjectView::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonObjectView::fail(std::string_view key, const std::string& message) const {
  throw InputError({*file_, 0, 0, path_of(key)}, message);
}

const json::value* JsonObjectView::find(std::string_view key) const {
  auto it = object_->find(key);
  if (it == object_->end() || it->value().is_null()) return nullptr;
  return &it->value();
}

std::optional<std::string> JsonObjectView::string(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return std::nullopt;
  if (!value->is_string()) fail(key, "expected a string");
  return std::string(value->get_string());
}

std::optional<double> JsonObjectView::non_negative(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return std::nullopt;
  double number = 0;
  if (value->is_double()) {
    number = value->get_double();
  } else if (value->is_int64()) {
    number = static_cast<double>(value->get_int64());
  } else if (value->is_uint64()) {
    number = static_cast<double>(value->get_uint64());
  } else {
    fail(key, "expected a number");
  }
  // +infinity is kept (boost::json writes it as 1e99999: an amplification over a zero baseline);
  // NaN cannot appear in JSON text.
  if (std::isnan(number) || number < 0) fail(key, "expected a number that is not negative");
  return number;
}

std::optional<std::uint64_t> JsonObjectView::count(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return std::nullopt;
  if (value->is_uint64()) return value->get_uint64();
  if (value->is_int64() && value->get_int64() >= 0)
    return static_cast<std::uint64_t>(value->get_int64());
  if (value->is_double()) {
    double number = value->get_double();
    // 2^64 is the first double that no longer fits; below it an integral double converts exactly.
    if (number >= 0 && number < 18446744073709551616.0 && std::floor(number) == number) {
      return static_cast<std::uint64_t>(number);
    }
  }
  fail(key, "expected a whole number that is not negative");
}

std::optional<double> JsonObjectView::number(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return std::nullopt;
  if (!value->is_number()) fail(key, "expected a number");
  const double number = value->to_number<double>();
  if (std::isnan(number)) fail(key, "expected a number");
  return number;
}

std::string JsonObjectView::required_string(std::string_view key) const {
  std::optional<std::string> text = string(key);
  if (!text || text->empty()) fail(key, "missing (expected a string)");
  return *text;
}

std::vector<JsonObjectView> JsonObjectView::objects(std::string_view key) const {
  std::vector<JsonObjectView> views;
  const json::array* items = array(key);
  if (!items) return views;
  for (std::size_t i = 0; i < items->size(); ++i) {
    views.push_back(element_object(*items, i, *file_, path_of(key)));
  }
  return views;
}

std::vector<std::string> JsonObjectView::strings(std::string_view key) const {
  std::vector<std::string> out;
  const json::array* items = array(key);
  if (!items) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (!(*items)[i].is_string()) {
      fail(std::string(key) + "[" + std::to_string(i) + "]", "expected a string");
    }
    out.emplace_back((*items)[i].get_string());
  }
  return out;
}

std::optional<bool> JsonObjectView::boolean(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return std::nullopt;
  if (!value->is_bool()) fail(key, "expected true or false");
  return value->get_bool();
}

std::optional<JsonObjectView> JsonObjectView::object(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return std::nullopt;
  if (!value->is_object()) fail(key, "expected an object");
  return JsonObjectView(value->get_object(), *file_, path_of(key));
}

const json::array* JsonObjectView::array(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return nullptr;
  if (!value->is_array()) fail(key, "expected an array");
  return &value->get_array();
}

}  // namespace walletfuzz::formats::detail
