// A function's `expect:` and the load gates on error and throttle rates: parsed with their
// defaults, every problem reported with its line and column, JSON pointers checked at load time.
#include <gtest/gtest.h>

#include <string>

#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::scenarios {
namespace {

const std::string kHead =
    "target: {url: 'https://staging.example.com', allow_hosts: [staging.example.com]}\n"
    "functions:\n"
    "  - name: orders\n"
    "    route: /orders\n"
    "    baseline: ['GET /orders?id=1']\n";

std::vector<Problem> problems_in(const std::string& text) {
  try {
    load_scenario_from_string(text, "t.yaml");
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

TEST(expect_test, every_part_is_read) {
  const Scenario s =
      load_scenario_from_string(kHead +
                                    "    expect:\n"
                                    "      status: [200, 201, 3xx]\n"
                                    "      header: {name: Content-Type, contains: json}\n"
                                    "      body_contains: '\"id\":'\n"
                                    "      json: {pointer: /status, equals: ok}\n",
                                "t.yaml");
  ASSERT_TRUE(s.functions[0].expect);
  const ResponseExpectation& e = *s.functions[0].expect;
  EXPECT_EQ(e.statuses, (std::vector<StatusRange>{{200, 200}, {201, 201}, {300, 399}}));
  EXPECT_EQ(e.header_name, "Content-Type");
  EXPECT_EQ(e.header_contains, "json");
  EXPECT_EQ(e.body_contains, "\"id\":");
  EXPECT_EQ(e.json_pointer, "/status");
  EXPECT_EQ(e.json_equals, "\"ok\"");
}

TEST(expect_test, defaults_and_scalar_kinds) {
  const Scenario s = load_scenario_from_string(
      kHead + "    expect: {header: X-Request-Id, json: {pointer: /count, equals: 3}}\n", "t.yaml");
  const ResponseExpectation& e = *s.functions[0].expect;
  EXPECT_EQ(e.statuses, (std::vector<StatusRange>{{200, 299}}));  // 2xx unless written
  EXPECT_EQ(e.header_name, "X-Request-Id");
  EXPECT_FALSE(e.header_contains);
  EXPECT_EQ(e.json_equals, "3");
  // Quoted, the same text is a string.
  const Scenario quoted = load_scenario_from_string(
      kHead + "    expect: {json: {pointer: /count, equals: '3'}}\n", "t.yaml");
  EXPECT_EQ(quoted.functions[0].expect->json_equals, "\"3\"");
  EXPECT_FALSE(load_scenario_from_string(kHead, "t.yaml").functions[0].expect);
}

TEST(expect_test, problems_name_line_column_and_field) {
  const auto problems = problems_in(kHead +
                                    "    expect:\n"
                                    "      status: [200, 99x, 700]\n"
                                    "      json: {pointer: status, equals: ok}\n"
                                    "      body_contain: x\n");
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].where.field, "functions[0].expect.status[1]");
  EXPECT_EQ(problems[0].where.line, 7);
  EXPECT_EQ(problems[0].where.column, 21);
  EXPECT_EQ(problems[1].where.field, "functions[0].expect.status[2]");
  EXPECT_EQ(problems[2].where.field, "functions[0].expect.json.pointer");
  EXPECT_EQ(problems[2].where.line, 8);
  EXPECT_NE(problems[2].message.find("JSON pointer"), std::string::npos);
  EXPECT_EQ(problems[3].where.field, "functions[0].expect.body_contain");
}

TEST(expect_test, pointer_escapes_are_checked) {
  EXPECT_EQ(json_pointer_problem("/a~1b/~0c"), "");
  EXPECT_EQ(json_pointer_problem(""), "");
  EXPECT_NE(json_pointer_problem("/a~2"), "");
  EXPECT_NE(json_pointer_problem("/a~"), "");
  EXPECT_NE(json_pointer_problem("a"), "");
}

TEST(expect_test, rate_gates_are_shares_and_need_a_load_section) {
  const Scenario s =
      load_scenario_from_string(kHead +
                                    "load: {stages: [{kind: constant, rate: 5, duration_s: 1}],"
                                    " max_baseline_check_failures: 0.2}\n"
                                    "gates: {max_error_rate: 0.01, max_throttled_rate: 0.05}\n",
                                "t.yaml");
  EXPECT_EQ(s.gates.max_error_rate, 0.01);
  EXPECT_EQ(s.gates.max_throttled_rate, 0.05);
  EXPECT_EQ(s.load->max_baseline_check_failures, 0.2);
  const auto problems =
      problems_in(kHead + "gates: {max_error_rate: 2, max_throttled_rate: 0.1}\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].where.field, "gates.max_error_rate");
  EXPECT_EQ(problems[1].where.field, "gates.max_throttled_rate");
  EXPECT_NE(problems[1].message.find("needs a load section"), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::scenarios
