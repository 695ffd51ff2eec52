#include "walletfuzz/fuzzers/invocation_harness.hpp"

#include <gtest/gtest.h>

#include "fixture_app.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::fuzzers {
namespace {

class harness_test : public ::testing::Test {
 protected:
  InvocationHarness make(std::string_view name, HarnessOptions options = {}) {
    return InvocationHarness(*registry_.find(name), options, testing::fixture_scanner());
  }
  HandlerRegistry registry_ = testing::fixture_registry();
};

TEST_F(harness_test, garbage_is_rejected_without_invoking) {
  auto harness = make("thrower");
  auto outcome = harness.run("not a request at all");
  EXPECT_EQ(outcome.kind, FindingKind::rejected);
  EXPECT_FALSE(outcome.detail.empty());
  EXPECT_EQ(outcome.cost.wall_ns, 0u);
}

TEST_F(harness_test, normal_request_is_no_finding_and_is_measured) {
  auto harness = make("quadratic");
  harness.measure_baseline(3);
  auto outcome = harness.run("POST /quadratic HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab");
  EXPECT_EQ(outcome.kind, FindingKind::none);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(outcome.cost.work_units, 2u);  // n = 1 'a': 1*1 + 1
  EXPECT_GT(outcome.cost.wall_ns, 0u);
}

TEST_F(harness_test, escaping_exception_is_a_crash_with_its_type) {
  auto harness = make("thrower");
  auto outcome = harness.run("GET /thrower?x=boom HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(outcome.kind, FindingKind::crash);
  EXPECT_EQ(outcome.exception_type, "std::runtime_error");
  EXPECT_NE(outcome.detail.find("boom 42"), std::string::npos);
}

TEST_F(harness_test, leak_scanner_hit_is_a_leak) {
  auto harness = make("leaky");
  auto outcome = harness.run("GET /leaky HTTP/1.1\r\nHost: a\r\nX-Debug: 1\r\n\r\n");
  EXPECT_EQ(outcome.kind, FindingKind::leak);
  ASSERT_TRUE(outcome.leak);
  EXPECT_EQ(outcome.leak->rule, "secret.fixture");
}

TEST_F(harness_test, memory_beyond_function_size_is_oom) {
  auto harness = make("hog");
  EXPECT_EQ(harness.run("GET /hog?mb=8 HTTP/1.1\r\nHost: a\r\n\r\n").kind, FindingKind::none);
  auto outcome = harness.run("GET /hog?mb=17 HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(outcome.kind, FindingKind::oom);
  EXPECT_EQ(outcome.cost.peak_memory_bytes, 17u << 20);
}

TEST_F(harness_test, running_past_the_timeout_is_a_timeout) {
  auto harness = make("sleepy");
  auto outcome = harness.run("GET /sleepy?q=forever HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(outcome.kind, FindingKind::timeout);
  EXPECT_GE(outcome.cost.wall_ns, 50'000'000u);
}

TEST_F(harness_test, delegated_work_past_the_ratio_is_slow) {
  auto harness = make("quadratic");
  harness.measure_baseline(3);  // "abc": one 'a', 2 work units
  EXPECT_EQ(harness.baseline().work_units_median, 2u);
  // 4 'a' -> 17 units: 8.5x, below 10x; 5 'a' -> 26 units: 13x.
  EXPECT_NE(
      harness.run("POST /quadratic HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\naaaa").kind,
      FindingKind::slow);
  auto slow = harness.run("POST /quadratic HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\naaaaa");
  EXPECT_EQ(slow.kind, FindingKind::slow);
}

TEST_F(harness_test, absolute_threshold_replaces_the_ratio) {
  auto harness =
      make("quadratic", {.slow_ratio = 1e9, .slow_absolute = std::chrono::nanoseconds(1)});
  harness.set_baseline({.wall_median_ns = 1'000'000'000});
  auto outcome = harness.run("POST /quadratic HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nb");
  EXPECT_EQ(outcome.kind, FindingKind::slow);
  EXPECT_EQ(harness.slow_threshold_ns(), 1u);
}

TEST_F(harness_test, amplification_is_wall_time_over_baseline_median) {
  auto harness = make("quadratic");
  harness.set_baseline({.wall_median_ns = 1000});
  EXPECT_DOUBLE_EQ(harness.amplification({.wall_ns = 250'000}), 250.0);
}

TEST_F(harness_test, baseline_that_is_itself_a_finding_is_bad_input) {
  HandlerSpec spec = *registry_.find("thrower");
  spec.baseline_requests = {"GET /thrower?x=boom HTTP/1.1\r\nHost: a\r\n\r\n"};
  InvocationHarness harness(spec, {});
  try {
    harness.measure_baseline(1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("baseline_requests[0]"), std::string::npos) << e.what();
  }
}

TEST(kind_names_test, round_trip) {
  for (auto kind : {FindingKind::crash, FindingKind::timeout, FindingKind::oom, FindingKind::slow,
                    FindingKind::leak}) {
    EXPECT_EQ(parse_kind(kind_name(kind)), kind);
  }
  EXPECT_FALSE(parse_kind("hang"));
}

}  // namespace
}  // namespace walletfuzz::fuzzers
