#include "walletfuzz/fuzzers/response_signal.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <vector>

namespace walletfuzz::fuzzers {
namespace {

// Slices of the response counters: offset and number of slots of each signal.
constexpr std::size_t kStatusOffset = 0, kStatusSlots = 8;
constexpr std::size_t kErrorOffset = 8, kErrorSlots = 8;
constexpr std::size_t kLeakOffset = 64, kLeakSlots = 64;
constexpr std::size_t kShapeOffset = 128, kShapeSlots = 896;

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

// The key skeleton of a JSON value: {a:s,b:[{c:n}]}. Deep bodies are cut at 8 levels: a shape
// that differs only below them is the same code path for our purpose.
void json_skeleton(const boost::json::value& value, std::string& out, int depth) {
  if (depth > 8) return;
  switch (value.kind()) {
    case boost::json::kind::object: {
      std::vector<std::pair<std::string_view, const boost::json::value*>> fields;
      for (const auto& field : value.get_object()) fields.emplace_back(field.key(), &field.value());
      std::sort(fields.begin(), fields.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      for (const auto& field : fields) {
        out.append(field.first);
        out += ':';
        json_skeleton(*field.second, out, depth + 1);
        out += ',';
      }
      out += '}';
      return;
    }
    case boost::json::kind::array:
      out += '[';
      if (!value.get_array().empty()) json_skeleton(value.get_array().front(), out, depth + 1);
      out += ']';
      return;
    case boost::json::kind::string:
      out += 's';
      return;
    case boost::json::kind::bool_:
      out += 'b';
      return;
    case boost::json::kind::null:
      out += 'z';
      return;
    default:
      out += 'n';
      return;
  }
}

}  // namespace

std::string_view connection_error_name(ConnectionError error) noexcept {
  switch (error) {
    case ConnectionError::none:
      return "none";
    case ConnectionError::refused:
      return "refused";
    case ConnectionError::reset:
      return "reset";
    case ConnectionError::timeout:
      return "timeout";
    case ConnectionError::malformed:
      return "malformed";
    case ConnectionError::proxy_error:
      return "proxy-error";
  }
  return "unknown";
}

std::uint64_t response_shape_hash(const Response& response) {
  std::string shape = std::to_string(response.status) + '|';
  std::vector<std::string> names;
  for (const auto& field : response.headers.fields()) {
    std::string name = field.name;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) shape += name + ',';
  shape += '|';
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body, ec);
  if (!ec) {
    json_skeleton(body, shape, 0);
  } else {
    shape += response.body.empty() ? "empty" : "text";
  }
  return fnv1a(shape);
}

void ResponseFeedback::record_status(int status) noexcept {
  mark(kStatusOffset, kStatusSlots, static_cast<std::uint64_t>(std::clamp(status / 100, 0, 7)));
}

void ResponseFeedback::record_connection_error(ConnectionError error) noexcept {
  if (error != ConnectionError::none)
    mark(kErrorOffset, kErrorSlots, static_cast<std::uint64_t>(error));
}

void ResponseFeedback::record_leak_family(std::string_view family) noexcept {
  mark(kLeakOffset, kLeakSlots, fnv1a(family));
}

void ResponseFeedback::record_shape(std::uint64_t shape_hash) noexcept {
  mark(kShapeOffset, kShapeSlots, shape_hash);
}

void ResponseFeedback::mark(std::size_t offset, std::size_t slots, std::uint64_t value) noexcept {
  std::size_t index = offset + static_cast<std::size_t>(value % slots);
  if (index < counters_.size()) counters_[index] = 1;
}

}  // namespace walletfuzz::fuzzers
