#include "walletfuzz/core/amplification.hpp"

#include <gtest/gtest.h>

namespace walletfuzz {
namespace {

TEST(amplification_test, linear_work_on_a_big_request_is_not_amplifying) {
  // 100 KB costing 100x a 1 KB baseline request: normal work, per byte.
  EXPECT_DOUBLE_EQ(size_aware_amplification(100, 100'000, 1'000), 1);
}

TEST(amplification_test, a_small_request_with_a_large_cost_keeps_its_ratio) {
  // A 50-byte `limit=500000` against a 60-byte baseline: no size allowance, and no bonus for
  // being smaller than the baseline either (the fixed overhead would make it look amplifying).
  EXPECT_DOUBLE_EQ(size_aware_amplification(4000, 50, 60), 4000);
  EXPECT_DOUBLE_EQ(size_aware_amplification(3, 20, 60), 3);
}

TEST(amplification_test, without_a_baseline_size_the_raw_ratio_stands) {
  EXPECT_DOUBLE_EQ(size_aware_amplification(211, 46'000, 0), 211);
}

TEST(amplification_test, the_basis_picks_the_figure_and_round_trips_its_name) {
  EXPECT_EQ(judged_amplification(AmplificationBasis::raw, 200, 2), 200);
  EXPECT_EQ(judged_amplification(AmplificationBasis::size_aware, 200, 2), 2);
  for (auto basis : {AmplificationBasis::raw, AmplificationBasis::size_aware}) {
    EXPECT_EQ(parse_amplification_basis(amplification_basis_name(basis)), basis);
  }
  EXPECT_FALSE(parse_amplification_basis("per_byte").has_value());
}

}  // namespace
}  // namespace walletfuzz
