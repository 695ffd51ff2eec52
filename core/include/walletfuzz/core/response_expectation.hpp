#pragma once
// What a function's responses must look like during a load test (the scenario's per-function
// `expect:`): accepted status codes, an optional header, an optional body substring and an
// optional JSON pointer equality. A plain value: scenarios fills it from YAML and checks it,
// loadgen compiles it into the check run on every response (loadgen/response_check.hpp).
//
//   ResponseExpectation e;
//   e.statuses = {{200, 299}};                       // 2xx
//   e.json_pointer = "/status"; e.json_equals = R"("ok")";
//   json_pointer_problem("/items/0") == "";          // a valid RFC 6901 pointer

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz {

/// An inclusive range of accepted status codes: {200, 200} for 200, {200, 299} for "2xx".
struct StatusRange {
  unsigned low = 200;
  unsigned high = 299;
  friend bool operator==(const StatusRange&, const StatusRange&) = default;
};

struct ResponseExpectation {
  /// Accepted statuses; a response with any other status fails. Never empty once loaded (the
  /// scenario's default is 2xx).
  std::vector<StatusRange> statuses{StatusRange{}};
  /// A header the response must carry (case-insensitive name); empty = no header check.
  std::string header_name;
  /// ... whose value must contain this text; unset = present with any value.
  std::optional<std::string> header_contains;
  /// Text the body must contain; unset = no substring check.
  std::optional<std::string> body_contains;
  /// RFC 6901 pointer into the JSON body ("/status", "/items/0/id"); unset = the body is not
  /// parsed at all.
  std::optional<std::string> json_pointer;
  /// The JSON value (as JSON text: "\"ok\"", "3", "true", "null") the pointer must reach.
  std::string json_equals;

  friend bool operator==(const ResponseExpectation&, const ResponseExpectation&) = default;
};

/// Why `pointer` is not an RFC 6901 JSON pointer (it must be empty or start with '/', and '~'
/// must be followed by 0 or 1), or empty when it is one.
std::string json_pointer_problem(std::string_view pointer);

}  // namespace walletfuzz
