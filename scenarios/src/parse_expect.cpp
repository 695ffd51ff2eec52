// A function's `expect:`: what its responses must look like during the load test.
//
//   expect:
//     status: [200, 201, 3xx]                    # default 2xx
//     header: {name: Content-Type, contains: json}   # or just a name: present with any value
//     body_contains: '"id":'
//     json: {pointer: /status, equals: ok}
#include <algorithm>
#include <boost/json.hpp>

#include "parse_context.hpp"
#include "walletfuzz/core/response_expectation.hpp"

namespace walletfuzz::scenarios::detail {
namespace {

// "200" or "2xx" → the range it accepts; nullopt after reporting anything else.
std::optional<StatusRange> read_status(ParseContext& ctx, const YAML::Node& node,
                                       const std::string& field) {
  const std::string text = node.IsScalar() ? node.Scalar() : std::string();
  if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' && (text[1] == 'x' || text[1] == 'X') &&
      (text[2] == 'x' || text[2] == 'X')) {
    const auto hundreds = static_cast<unsigned>(text[0] - '0') * 100;
    return StatusRange{hundreds, hundreds + 99};
  }
  const bool digits = text.size() == 3 && std::all_of(text.begin(), text.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  const unsigned code = digits ? static_cast<unsigned>(std::stoul(text)) : 0;
  if (code < 100 || code > 599) {
    ctx.report(node.Mark(), field,
               "expected a status code (100-599) or a class like 2xx, got " + describe(node));
    return std::nullopt;
  }
  return StatusRange{code, code};
}

void parse_statuses(ParseContext& ctx, const YAML::Node& node, const std::string& field,
                    std::vector<StatusRange>& out) {
  out.clear();
  ctx.note(node.Mark(), field);
  if (!node.IsSequence()) {
    if (auto range = read_status(ctx, node, field)) out.push_back(*range);
    return;
  }
  if (node.size() == 0) {
    ctx.report(node.Mark(), field, "lists no status", "e.g. status: [200, 201] or status: 2xx");
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (auto range = read_status(ctx, node[i], index_field(field, i))) out.push_back(*range);
  }
}

// The JSON text of a YAML scalar: numbers, true/false and null as themselves, anything else
// (and any quoted scalar) as a string.
std::string json_text_of(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() != "!") {
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(text, ec);
    if (!ec && (parsed.is_number() || parsed.is_bool() || parsed.is_null())) {
      return boost::json::serialize(parsed);
    }
    if (text == "~") return "null";
  }
  return boost::json::serialize(boost::json::string(text));
}

void parse_json_check(ParseContext& ctx, const YAML::Node& node, const std::string& field,
                      ResponseExpectation& out) {
  MapReader map(ctx, node, field, {"pointer", "equals"});
  std::string pointer;
  if (!map.has("pointer")) map.missing("pointer", "where in the body, e.g. pointer: /status");
  if (map.read("pointer", pointer)) {
    if (const std::string problem = json_pointer_problem(pointer); !problem.empty()) {
      map.report("pointer", "\"" + excerpt(pointer) + "\" is not a JSON pointer: " + problem);
    } else {
      out.json_pointer = pointer;
    }
  }
  if (!map.has("equals")) {
    map.missing("equals", "the value expected there, e.g. equals: ok");
    return;
  }
  const YAML::Node equals = map.get("equals");
  if (!equals.IsScalar()) {
    map.report("equals",
               "expected a scalar (text, number, true/false or null), got " + describe(equals));
    return;
  }
  ctx.note(equals.Mark(), map.field("equals"));
  out.json_equals = json_text_of(equals);
}

void parse_header_check(ParseContext& ctx, const YAML::Node& node, const std::string& field,
                        ResponseExpectation& out) {
  std::string name;
  if (node.IsScalar()) {
    if (auto text = read_string(ctx, node, field)) name = *text;
  } else {
    MapReader map(ctx, node, field, {"name", "contains"});
    if (!map.has("name")) map.missing("name", "the header's name, e.g. name: Content-Type");
    map.read("name", name);
    std::string contains;
    if (map.read("contains", contains)) out.header_contains = contains;
  }
  if (name.empty() || name.find_first_of(" \t:\r\n") != std::string::npos) {
    if (!ctx.failed(field)) ctx.report(node.Mark(), field, "is not a header name");
    return;
  }
  out.header_name = name;
}

}  // namespace

void parse_expect(ParseContext& ctx, const YAML::Node& node, const std::string& field,
                  ResponseExpectation& out) {
  MapReader map(ctx, node, field, {"status", "header", "body_contains", "json"});
  ctx.note(map.mark(), field);
  if (map.has("status")) parse_statuses(ctx, map.get("status"), map.field("status"), out.statuses);
  if (map.has("header")) parse_header_check(ctx, map.get("header"), map.field("header"), out);
  std::string body;
  if (map.read("body_contains", body)) {
    if (body.empty()) {
      map.report("body_contains", "is empty: every body contains it", "remove it, or give text");
    } else {
      out.body_contains = body;
    }
  }
  if (map.has("json")) parse_json_check(ctx, map.get("json"), map.field("json"), out);
}

}  // namespace walletfuzz::scenarios::detail
