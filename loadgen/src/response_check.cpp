#include "walletfuzz/loadgen/response_check.hpp"

#include <boost/json/parse.hpp>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::loadgen {
namespace json = boost::json;

namespace {

// 3 and 3.0 are the same number to whoever wrote `equals: 3`; JSON's own equality keeps
// integers and doubles apart.
bool same_json(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    json::error_code ec_a;
    json::error_code ec_b;
    const double x = a.to_number<double>(ec_a);
    const double y = b.to_number<double>(ec_b);
    return !ec_a && !ec_b && x == y;
  }
  return a == b;
}

}  // namespace

ResponseCheck::ResponseCheck(const ResponseExpectation& expectation, const std::string& where)
    : expectation_(expectation) {
  for (const StatusRange& range : expectation_.statuses) {
    for (unsigned code = range.low; code <= range.high && code < accepted_.size(); ++code) {
      accepted_.set(code);
    }
  }
  if (expectation_.json_pointer) {
    if (const std::string problem = json_pointer_problem(*expectation_.json_pointer);
        !problem.empty()) {
      throw InputError({"", 0, 0, where + ".json.pointer"}, problem);
    }
    json::error_code ec;
    expected_json_ = json::parse(expectation_.json_equals, ec);
    if (ec) {
      throw InputError({"", 0, 0, where + ".json.equals"},
                       "\"" + expectation_.json_equals + "\" is not JSON text: " + ec.message());
    }
  }
}

bool ResponseCheck::passes(const Message& message) const {
  const unsigned status = message.result_int();
  if (status >= accepted_.size() || !accepted_.test(status)) return false;
  if (!expectation_.header_name.empty()) {
    const auto field = message.find(expectation_.header_name);
    if (field == message.end()) return false;
    if (expectation_.header_contains &&
        std::string_view(field->value().data(), field->value().size())
                .find(*expectation_.header_contains) == std::string_view::npos) {
      return false;
    }
  }
  if (expectation_.body_contains &&
      message.body().find(*expectation_.body_contains) == std::string::npos) {
    return false;
  }
  return !expectation_.json_pointer || json_matches(message.body());
}

bool ResponseCheck::json_matches(const std::string& body) const {
  json::error_code ec;
  const json::value document = json::parse(body, ec);
  if (ec) return false;  // not JSON: the pointer reaches nothing
  const json::value* found = document.find_pointer(*expectation_.json_pointer, ec);
  return found != nullptr && same_json(*found, expected_json_);
}

}  // namespace walletfuzz::loadgen
