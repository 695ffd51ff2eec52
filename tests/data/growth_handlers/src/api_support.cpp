#include "api_support.hpp"

#include <charconv>

namespace backoffice {

Response json_response(int status, const boost::json::value& body) {
  Response response{.status = status, .body = boost::json::serialize(body)};
  response.headers.set("Content-Type", "application/json");
  return response;
}

Response json_error(int status, std::string_view message) {
  return json_response(status, boost::json::object{{"error", message}});
}

std::optional<boost::json::object> parse_json_object(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = 20;  // our payloads are flat; deeper documents are rejected, not recursed
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec, {}, options);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::string_view> string_field(const boost::json::object& object,
                                             std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  const boost::json::string& text = value->get_string();
  return std::string_view(text.data(), text.size());
}

std::optional<double> number_field(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_double()) return value->get_double();
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> fields;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    fields.emplace_back(walletfuzz::percent_decode(name), walletfuzz::percent_decode(value));
  }
  return fields;
}

std::optional<long long> parse_whole_number(std::string_view text) {
  long long value = 0;
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || stop != end || value < 0) return std::nullopt;
  return value;
}

std::string request_text(std::string_view method, std::string_view target,
                         std::string_view content_type, std::string_view body) {
  std::string request;
  request.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  request.append("Host: backoffice.internal\r\n");
  if (!content_type.empty()) request.append("Content-Type: ").append(content_type).append("\r\n");
  if (!body.empty()) request.append("Content-Length: " + std::to_string(body.size()) + "\r\n");
  request.append("\r\n").append(body);
  return request;
}

}  // namespace backoffice
