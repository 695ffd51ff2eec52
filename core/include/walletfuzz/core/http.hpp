#pragma once
// Plain HTTP request and response values shared by every module. They keep header names as
// written and in order, so a request file parsed and serialised again keeps its bytes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz {

/// One header line, name as written (case preserved), value without surrounding whitespace.
struct HeaderField {
  std::string name;
  std::string value;
  friend bool operator==(const HeaderField&, const HeaderField&) = default;
};

/// Ordered header list with case-insensitive lookup (RFC 9110 field names are case-insensitive).
class Headers {
 public:
  /// First value of `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  /// Replaces every `name` field with one (kept at the first one's position) or appends it.
  void set(std::string_view name, std::string_view value);
  /// Appends a field even if one of that name exists.
  void add(std::string_view name, std::string_view value);
  /// Removes every field called `name`; returns how many were removed.
  std::size_t remove(std::string_view name);

  const std::vector<HeaderField>& fields() const noexcept { return fields_; }
  bool empty() const noexcept { return fields_.empty(); }
  auto begin() const noexcept { return fields_.begin(); }
  auto end() const noexcept { return fields_.end(); }
  friend bool operator==(const Headers&, const Headers&) = default;

 private:
  std::vector<HeaderField> fields_;
};

/// Case-insensitive ASCII comparison, as HTTP field names and tokens need.
bool iequals(std::string_view a, std::string_view b) noexcept;

/// An HTTP/1.x request. `target` is the request-target as sent (origin form "/a?b=1" or
/// absolute form "http://host/a"); `body` is the decoded payload.
struct Request {
  std::string method = "GET";
  std::string target = "/";
  unsigned version = 11;  ///< 10 or 11
  Headers headers;
  std::string body;

  /// Path part of the target, without query ("/orders"); for absolute form, the path after the
  /// authority ("/" when there is none).
  std::string_view path() const noexcept;
  /// Query part without '?' ("limit=10&x=y"), empty when there is none.
  std::string_view query() const noexcept;
  /// First value of query parameter `name`, percent-decoded ('+' is a space), or nullopt.
  std::optional<std::string> query_param(std::string_view name) const;

  friend bool operator==(const Request&, const Request&) = default;
};

/// An HTTP response as a handler returns it or a client receives it.
struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  friend bool operator==(const Response&, const Response&) = default;
};

/// The standard reason phrase of a status code ("Too Many Requests"), or "Unknown".
std::string_view reason_phrase(int status) noexcept;

/// Decodes %XX escapes and '+' (as space). Malformed escapes are kept literally, as browsers do.
std::string percent_decode(std::string_view text);

}  // namespace walletfuzz
