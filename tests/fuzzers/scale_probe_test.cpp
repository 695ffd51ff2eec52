#include "walletfuzz/fuzzers/scale_probe.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::fuzzers {
namespace {

std::string post(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string contacts(int n) {
  std::string body = R"({"list":"a","contacts":[)";
  for (int i = 0; i < n; ++i) {
    body += (i ? "," : "") + std::string(R"({"name":")") + std::to_string(i) + R"(x","email":"e"})";
  }
  return body + "]}";
}

// A fake handler: the cost of a request from its parsed body or query, with fixed-seed noise.
ProbeMeasure fake(std::function<double(const Request&)> cost, double timeout_ns = 3e9) {
  auto random = std::make_shared<std::mt19937>(7);
  return [=](const std::vector<std::string>& requests) {
    std::normal_distribution<double> noise(0, 0.05);
    std::vector<ProbeMeasurement> out;
    for (const auto& bytes : requests) {
      auto parsed = parse_request(bytes);
      if (!parsed.request) {
        out.push_back({});
        continue;
      }
      double ns = cost(*parsed.request) * std::exp(noise(*random));
      out.push_back({.cost_ns = std::min(ns, timeout_ns), .timed_out = ns >= timeout_ns});
    }
    return out;
  };
}

double count_of(const std::string& text, const std::string& needle) {
  double n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(scale_probe_test, finds_the_array_the_piece_and_the_number) {
  auto array = find_scale_axis(post("/import", contacts(40)));
  ASSERT_TRUE(array);
  EXPECT_EQ(array->kind, ScaleAxisKind::array_elements);
  EXPECT_EQ(array->name, "contacts");
  EXPECT_EQ(array->count, 40);

  auto run = find_scale_axis(post("/signup", R"({"username":")" + std::string(28, 'a') + "!\"}"));
  ASSERT_TRUE(run);
  EXPECT_EQ(run->kind, ScaleAxisKind::repeated_piece);
  EXPECT_EQ(run->name, "username");
  EXPECT_EQ(run->piece, "a");
  EXPECT_EQ(run->count, 28);

  auto number = find_scale_axis("GET /orders?status=open&limit=500000 HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(number);
  EXPECT_EQ(number->kind, ScaleAxisKind::numeric_value);
  EXPECT_EQ(number->name, "limit");
  EXPECT_FALSE(number->in_body);
  EXPECT_EQ(number->count, 500000);

  EXPECT_FALSE(find_scale_axis("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
}

TEST(scale_probe_test, rebuilds_at_a_scale_with_distinct_copies_and_a_right_length) {
  const std::string original = post("/import", contacts(4));
  auto axis = find_scale_axis(original);
  ASSERT_TRUE(axis);
  EXPECT_EQ(*rebuild_at(original, *axis, 4), original);
  auto bigger = rebuild_at(original, *axis, 10);
  ASSERT_TRUE(bigger);
  auto parsed = parse_request(*bigger);
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(count_of(parsed.request->body, "\"email\""), 10);
  EXPECT_EQ(count_of(parsed.request->body, "\"name\":\"4x0x\""), 1);  // copy of element 0
  auto smaller = parse_request(*rebuild_at(original, *axis, 1)).request;
  EXPECT_EQ(count_of(smaller->body, "\"email\""), 1);
}

TEST(scale_probe_test, a_quadratic_array_handler_is_superlinear_with_a_worst_case) {
  // Pairwise de-duplication: 2 us per contact plus 20 ns per pair.
  auto measure = fake([](const Request& r) {
    double n = count_of(r.body, "\"email\"");
    return 5e4 + 2e3 * n + 20 * n * n;
  });
  auto result = probe_scaling(post("/import", contacts(400)), {}, measure);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->superlinear);
  EXPECT_FALSE(result->unbounded);
  EXPECT_EQ(growth_phrase(*result), "quadratic in the number of `contacts`");
  // At 6 MB (about 190,000 contacts) one request bills the whole 3 s timeout; the size at
  // which it does is far below the limit.
  EXPECT_TRUE(result->worst.reaches_timeout);
  EXPECT_EQ(result->worst.billed_ms, 3000);
  ASSERT_TRUE(result->worst.timeout_count);
  EXPECT_NEAR(*result->worst.timeout_count, 12200, 2500);
  EXPECT_LT(*result->worst.timeout_request_bytes, 6291456);
}

TEST(scale_probe_test, probing_stops_at_a_scale_that_reaches_the_timeout_and_reports_it) {
  // Linear up to a cliff (a cache that stops fitting, a lock queue): 800 contacts run into the
  // 3 s timeout, which no fit of the smaller scales predicts.
  auto cost = [](const Request& r) {
    double n = count_of(r.body, "\"email\"");
    return n >= 700 ? 5e9 : 5e4 + 2e3 * n;
  };
  std::vector<double> measured_counts;
  auto counting = [&, inner = fake(cost)](const std::vector<std::string>& requests) {
    for (const auto& bytes : requests) {
      measured_counts.push_back(count_of(parse_request(bytes).request->body, "\"email\""));
    }
    return inner(requests);
  };
  auto result = probe_scaling(post("/import", contacts(400)), {}, counting);
  ASSERT_TRUE(result);
  // ×2 timed out, so ×4 (1,600 contacts, another whole timeout per run) was never measured.
  EXPECT_NE(std::find(measured_counts.begin(), measured_counts.end(), 800), measured_counts.end());
  EXPECT_EQ(std::find(measured_counts.begin(), measured_counts.end(), 1600), measured_counts.end());
  EXPECT_TRUE(result->worst.reaches_timeout);
  EXPECT_TRUE(result->worst.timeout_measured);
  EXPECT_EQ(result->worst.timeout_count, 800);
  EXPECT_EQ(result->worst.timeout_request_bytes, result->request_bytes.back());
  EXPECT_EQ(result->worst.billed_ms, 3000);
  EXPECT_TRUE(growth_record(*result).worst_case.timeout_measured);
}

TEST(scale_probe_test, a_linear_array_handler_is_not_superlinear) {
  auto measure = fake([](const Request& r) { return 5e4 + 2e3 * count_of(r.body, "\"email\""); });
  auto result = probe_scaling(post("/import", contacts(400)), {}, measure);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->superlinear);
  EXPECT_EQ(growth_phrase(*result), "linear in the number of `contacts`");
  // About 190,000 contacts fit in 6 MB: 0.4 s, under the timeout.
  EXPECT_FALSE(result->worst.reaches_timeout);
  EXPECT_NEAR(result->worst.cost_ns, 0.38e9, 0.08e9);
}

TEST(scale_probe_test, backtracking_on_a_username_is_exponential) {
  auto measure = fake([](const Request& r) {
    return 1e4 + 40 * std::pow(2.0, count_of(r.body, "a") - 1);  // one "a" is in "username"
  });
  auto result = probe_scaling(post("/signup", R"({"username":")" + std::string(24, 'a') + "!\"}"),
                              {}, measure);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->superlinear);
  EXPECT_EQ(growth_phrase(*result), "exponential in the length of `username`");
  ASSERT_TRUE(result->worst.timeout_count);
  EXPECT_NEAR(*result->worst.timeout_count, 26, 2);
}

TEST(scale_probe_test, a_number_that_scales_the_cost_at_constant_size_is_unbounded) {
  auto measure = fake([](const Request& r) {
    std::string q(r.query());
    return 2e4 + 300 * std::stod(q.substr(q.find("limit=") + 6));
  });
  auto result = probe_scaling("GET /orders?limit=4000 HTTP/1.1\r\nHost: x\r\n\r\n", {}, measure);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->unbounded);
  EXPECT_EQ(growth_phrase(*result), "linear in `limit`, unbounded");
  ASSERT_TRUE(result->worst.timeout_count);
  EXPECT_NEAR(*result->worst.timeout_count, 1e7, 1e6);  // limit=10,000,000 bills 3 s
  EXPECT_TRUE(result->worst.reaches_timeout);
}

TEST(scale_probe_test, a_number_that_does_not_matter_is_bounded) {
  auto measure = fake([](const Request&) { return 5e4; });
  auto result = probe_scaling("GET /orders?limit=4000 HTTP/1.1\r\nHost: x\r\n\r\n", {}, measure);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->unbounded);
  EXPECT_FALSE(result->worst.reaches_timeout);
}

}  // namespace
}  // namespace walletfuzz::fuzzers
