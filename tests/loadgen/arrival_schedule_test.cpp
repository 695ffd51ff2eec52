#include "walletfuzz/loadgen/arrival_schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace walletfuzz::loadgen {
namespace {
using namespace std::chrono_literals;

double seconds(std::chrono::nanoseconds d) {
  return std::chrono::duration<double>(d).count();
}

TEST(arrival_schedule_test, constant_rate_spaces_requests_evenly) {
  ArrivalSchedule s({{.kind = StageKind::constant, .duration = 10s, .start_rate = 1000}}, 1'000'000,
                    1, {1.0});
  EXPECT_EQ(s.size(), 10000u);
  EXPECT_EQ(s.due(0), 0ns);
  EXPECT_EQ(s.due(1), 1ms);
  EXPECT_EQ(s.due(9999), 9999ms);
  EXPECT_EQ(s.due(10000), 10s);  // the end of the window
}

TEST(arrival_schedule_test, ramp_follows_the_integral_of_a_linear_rate) {
  // 0 -> 100 req/s over 10 s: 500 requests; request n is due at t with 5 t^2 = n.
  ArrivalSchedule s({{.kind = StageKind::ramp, .duration = 10s, .start_rate = 0, .end_rate = 100}},
                    1'000'000, 1, {1.0});
  EXPECT_EQ(s.size(), 500u);
  for (std::uint64_t n : {1u, 20u, 125u, 499u}) {
    EXPECT_NEAR(seconds(s.due(n)), std::sqrt(static_cast<double>(n) / 5.0), 1e-6) << n;
  }
}

TEST(arrival_schedule_test, stages_follow_each_other_and_a_spike_runs_at_its_peak) {
  ArrivalSchedule s({{.kind = StageKind::constant, .duration = 2s, .start_rate = 10},
                     {.kind = StageKind::spike, .duration = 1s, .start_rate = 0, .end_rate = 100},
                     {.kind = StageKind::ramp, .duration = 2s, .start_rate = 100, .end_rate = 0}},
                    1'000'000, 1, {1.0});
  EXPECT_EQ(s.size(), 20u + 100u + 100u);
  EXPECT_NEAR(seconds(s.due(20)), 2.0, 1e-9);
  EXPECT_NEAR(seconds(s.due(70)), 2.5, 1e-9);
  EXPECT_NEAR(seconds(s.due(120)), 3.0, 1e-9);
  // Ramp down: 100 t - 25 t^2 = 75 at t = 1.
  EXPECT_NEAR(seconds(s.due(195)), 4.0, 1e-6);
  for (std::uint64_t n = 1; n < s.size(); ++n) ASSERT_GE(s.due(n), s.due(n - 1)) << n;
}

TEST(arrival_schedule_test, cap_limits_the_number_of_requests) {
  ArrivalSchedule s({{.kind = StageKind::constant, .duration = 10s, .start_rate = 1000}}, 123, 1,
                    {1.0});
  EXPECT_EQ(s.size(), 123u);
}

TEST(arrival_schedule_test, class_picks_follow_the_weights_and_the_seed) {
  ArrivalSchedule s({{.kind = StageKind::constant, .duration = 100s, .start_rate = 1000}},
                    1'000'000, 9, {1.0, 3.0});
  std::uint64_t second = 0;
  for (std::uint64_t n = 0; n < s.size(); ++n) second += s.class_of(n);
  EXPECT_NEAR(static_cast<double>(second) / static_cast<double>(s.size()), 0.75, 0.01);
  ArrivalSchedule same({{.kind = StageKind::constant, .duration = 1s, .start_rate = 1000}},
                       1'000'000, 9, {1.0, 3.0});
  ArrivalSchedule other_seed({{.kind = StageKind::constant, .duration = 1s, .start_rate = 1000}},
                             1'000'000, 10, {1.0, 3.0});
  int differ = 0;
  for (std::uint64_t n = 0; n < 1000; ++n) {
    ASSERT_EQ(s.class_of(n), same.class_of(n));
    differ += s.class_of(n) != other_seed.class_of(n);
  }
  EXPECT_GT(differ, 100);
}

}  // namespace
}  // namespace walletfuzz::loadgen
