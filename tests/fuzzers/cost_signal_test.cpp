#include "walletfuzz/fuzzers/cost_signal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>

namespace walletfuzz::fuzzers {
namespace {

TEST(cost_signal_test, bucket_is_four_per_octave) {
  EXPECT_EQ(cost_bucket(0), 0u);
  EXPECT_EQ(cost_bucket(1), 0u);
  EXPECT_EQ(cost_bucket(2), 4u);
  EXPECT_EQ(cost_bucket(3), 6u);  // 3 = 2 * 1.5: half way through the octave
  EXPECT_EQ(cost_bucket(4), 8u);
  EXPECT_EQ(cost_bucket(1024), 40u);
  EXPECT_EQ(cost_bucket(1024 + 256), 41u);
  EXPECT_EQ(cost_bucket(2047), 43u);
  EXPECT_EQ(cost_bucket(~0ULL), 255u);
}

TEST(cost_signal_test, bucket_never_decreases_with_cost) {
  unsigned previous = 0;
  for (std::uint64_t v = 1; v < 100000; v += 7) {
    unsigned b = cost_bucket(v);
    ASSERT_GE(b, previous) << v;
    previous = b;
  }
}

TEST(cost_signal_test, record_sets_one_byte_per_signal) {
  std::array<std::uint8_t, kCostCounterBytes> counters{};
  CostFeedback feedback(counters, {.cpu_floor_ns = 1000});
  feedback.record({.cpu_ns = 4096, .work_units = 1024, .peak_memory_bytes = 2});
  EXPECT_EQ(std::accumulate(counters.begin(), counters.end(), 0), 3);
  EXPECT_EQ(counters[0 * kBucketsPerSignal + 40], 1);
  EXPECT_EQ(counters[1 * kBucketsPerSignal + 4], 1);
  EXPECT_EQ(counters[2 * kBucketsPerSignal + 48], 1);
}

TEST(cost_signal_test, cpu_below_floor_and_zero_counts_are_not_reported) {
  std::array<std::uint8_t, kCostCounterBytes> counters{};
  CostFeedback feedback(counters, {.cpu_floor_ns = 1'000'000});
  feedback.record({.cpu_ns = 999'999, .work_units = 0, .peak_memory_bytes = 0});
  EXPECT_TRUE(std::all_of(counters.begin(), counters.end(), [](auto c) { return c == 0; }));
}

TEST(cost_signal_test, only_a_cpu_level_not_reached_before_is_worth_re_measuring) {
  std::array<std::uint8_t, kCostCounterBytes> counters{};
  CostFeedback feedback(counters, {.cpu_floor_ns = 1000});
  EXPECT_FALSE(feedback.cpu_time_is_new_level(999));  // below the floor: never reported
  EXPECT_TRUE(feedback.cpu_time_is_new_level(4096));
  feedback.record({.cpu_ns = 4096});
  EXPECT_FALSE(feedback.cpu_time_is_new_level(4096));
  EXPECT_FALSE(feedback.cpu_time_is_new_level(4600));  // same quarter-octave as 4096
  EXPECT_TRUE(feedback.cpu_time_is_new_level(5200));   // the next one
  // Work units and memory never make a CPU level "reached".
  feedback.record({.cpu_ns = 10, .work_units = 5200, .peak_memory_bytes = 5200});
  EXPECT_TRUE(feedback.cpu_time_is_new_level(5200));
  CostFeedback disabled(counters, {.enabled = false});
  EXPECT_FALSE(disabled.cpu_time_is_new_level(1 << 30));
}

TEST(cost_signal_test, disabled_feedback_reports_nothing) {
  std::array<std::uint8_t, kCostCounterBytes> counters{};
  CostFeedback feedback(counters, {.enabled = false});
  feedback.record({.cpu_ns = 1 << 30, .work_units = 1 << 20, .peak_memory_bytes = 1 << 20});
  EXPECT_TRUE(std::all_of(counters.begin(), counters.end(), [](auto c) { return c == 0; }));
}

TEST(cost_signal_test, extra_counter_region_is_word_sized) {
  EXPECT_EQ(extra_counters().size() % 8, 0u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(extra_counters().data()) % 8, 0u);
}

}  // namespace
}  // namespace walletfuzz::fuzzers
