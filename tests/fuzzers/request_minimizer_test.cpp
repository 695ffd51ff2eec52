#include "walletfuzz/fuzzers/request_minimizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::fuzzers {
namespace {

Request parse(std::string_view text) {
  return *parse_request(text).request;
}

double count_a_squared(const Request& r) {
  auto n = static_cast<double>(std::count(r.body.begin(), r.body.end(), 'a'));
  return n * n;
}

TEST(request_minimizer_test, cost_preserving_drops_what_does_not_cost) {
  Request original = parse(
      "POST /q?keep=1&junk=zzzz HTTP/1.1\r\nHost: app\r\nX-Noise: 1\r\n"
      "Content-Length: 24\r\n\r\nxxaaxxaaxxaaxxaaxxaaxxxx");
  auto result = minimize_preserving_cost(original, count_a_squared, 0.9);
  EXPECT_EQ(result.request.body, "aaaaaaaaaa");  // all 10 'a' kept: dropping one loses 19%
  EXPECT_FALSE(result.request.headers.contains("X-Noise"));
  EXPECT_TRUE(result.request.headers.contains("Host"));
  EXPECT_EQ(result.request.target, "/q");
  EXPECT_GE(count_a_squared(result.request), 0.9 * count_a_squared(original));
  // The minimised request is still a well-formed request file.
  auto reparsed = parse_request(serialize_request(result.request));
  ASSERT_TRUE(reparsed.request) << reparsed.error;
  EXPECT_EQ(reparsed.request->body, "aaaaaaaaaa");
}

TEST(request_minimizer_test, keeps_ninety_percent_against_the_original_not_the_last_step) {
  // Cost = number of 'a'. Each single deletion keeps 95% of the previous step; compounding
  // would let it shrink far below 90% of the original.
  Request original =
      parse("POST /q HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n" + std::string(40, 'a'));
  auto cost = [](const Request& r) {
    return static_cast<double>(std::count(r.body.begin(), r.body.end(), 'a'));
  };
  auto result = minimize_preserving_cost(original, cost, 0.9);
  EXPECT_EQ(result.request.body.size(), 36u);
}

TEST(request_minimizer_test, query_values_shrink_but_names_stay) {
  Request original = parse("GET /s?pattern=aaaaXbbbb&page=2 HTTP/1.1\r\nHost: a\r\n\r\n");
  auto interesting = [](const Request& r) {
    auto p = r.query_param("pattern");
    return p && p->find('X') != std::string::npos;
  };
  auto result = minimize_request(original, interesting);
  EXPECT_EQ(result.request.target, "/s?pattern=X");
}

TEST(request_minimizer_test, budget_bounds_the_evaluations) {
  Request original =
      parse("POST /q HTTP/1.1\r\nHost: a\r\nContent-Length: 64\r\n\r\n" + std::string(64, 'b'));
  std::size_t calls = 0;
  auto result = minimize_request(original, [&](const Request&) { return ++calls % 2 == 0; },
                                 {.max_evaluations = 5});
  EXPECT_EQ(calls, 5u);
  EXPECT_EQ(result.evaluations, 5u);
  EXPECT_TRUE(result.budget_exhausted);
}

// An evaluation expected to take longer than the time left is not started, so a finding whose
// every run takes seconds cannot overrun the minimisation time by several evaluations.
TEST(request_minimizer_test, an_evaluation_that_cannot_finish_in_time_is_not_started) {
  Request original =
      parse("POST /q HTTP/1.1\r\nHost: a\r\nContent-Length: 64\r\n\r\n" + std::string(64, 'b'));
  std::size_t calls = 0;
  auto result = minimize_request(original, [&](const Request&) { return ++calls > 0; },
                                 {.max_time = std::chrono::milliseconds(60'000),
                                  .expected_evaluation = std::chrono::milliseconds(120'000)});
  EXPECT_EQ(calls, 0u);
  EXPECT_TRUE(result.budget_exhausted);
  EXPECT_EQ(serialize_request(result.request), serialize_request(original));
}

TEST(request_minimizer_test, uninteresting_everything_returns_the_original) {
  Request original = parse("GET /s?a=1 HTTP/1.1\r\nHost: a\r\nX-Y: z\r\n\r\n");
  auto result = minimize_request(original, [](const Request&) { return false; });
  EXPECT_EQ(serialize_request(result.request), serialize_request(original));
}

}  // namespace
}  // namespace walletfuzz::fuzzers
