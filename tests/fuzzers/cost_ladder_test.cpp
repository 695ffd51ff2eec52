#include "walletfuzz/fuzzers/cost_ladder.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace walletfuzz::fuzzers {
namespace {

TEST(cost_ladder_test, empty_ladder_offers_nothing_to_climb_from) {
  CostLadder ladder(4);
  EXPECT_FALSE(ladder.pick(12345).has_value());
  EXPECT_EQ(ladder.top_cost(), 0);
}

TEST(cost_ladder_test, keeps_only_the_most_expensive_inputs) {
  CostLadder ladder(3);
  ladder.offer("a", 5);
  ladder.offer("b", 50);
  ladder.offer("c", 1);
  ladder.offer("d", 20);  // pushes out "c", the cheapest
  ladder.offer("e", 2);   // cheaper than everything kept: ignored
  EXPECT_EQ(ladder.size(), 3u);
  EXPECT_EQ(ladder.top_cost(), 50);
  std::map<std::string, int> picked;
  for (std::uint64_t r = 0; r < 256; ++r) ++picked[std::string(*ladder.pick(r))];
  EXPECT_EQ(picked.count("c"), 0u);
  EXPECT_EQ(picked.count("e"), 0u);
  EXPECT_GT(picked["b"], 0);
  EXPECT_GT(picked["d"], 0);
  EXPECT_GT(picked["a"], 0);
}

TEST(cost_ladder_test, an_input_is_kept_once_at_its_highest_cost) {
  CostLadder ladder(2);
  ladder.offer("same", 10);
  ladder.offer("same", 30);  // re-measured higher: raised, not duplicated
  ladder.offer("same", 3);   // lower: ignored
  ladder.offer("other", 20);
  EXPECT_EQ(ladder.size(), 2u);
  EXPECT_EQ(ladder.top_cost(), 30);
  EXPECT_EQ(*ladder.pick(1), "same");  // an odd word picks the top rung
}

TEST(cost_ladder_test, picks_the_top_about_half_the_time_and_every_rung_sometimes) {
  CostLadder ladder(4);
  ladder.offer("low", 1);
  ladder.offer("mid", 10);
  ladder.offer("high", 100);
  ladder.offer("top", 1000);
  std::mt19937_64 random(7);
  std::map<std::string, int> picked;
  const int draws = 20000;
  for (int i = 0; i < draws; ++i) ++picked[std::string(*ladder.pick(random()))];
  // Expected shares 1/2, 1/4, 1/8 and the rest (1/8) for the last rung.
  EXPECT_NEAR(picked["top"], draws / 2, draws / 50);
  EXPECT_NEAR(picked["high"], draws / 4, draws / 50);
  EXPECT_NEAR(picked["mid"], draws / 8, draws / 50);
  EXPECT_NEAR(picked["low"], draws / 8, draws / 50);
}

TEST(cost_ladder_test, climbing_takes_half_the_mutations_while_it_takes_at_most_half_the_time) {
  ClimbBudget budget;
  int climbs = 0;
  for (std::uint64_t r = 0; r < 100; ++r) climbs += budget.should_climb(r) ? 1 : 0;
  EXPECT_EQ(climbs, 50);  // even words: half

  budget.account(true, 2.0);  // climbed inputs are expensive: 2 s against 1 s of the rest
  budget.account(false, 1.0);
  for (std::uint64_t r = 0; r < 100; ++r) EXPECT_FALSE(budget.should_climb(r)) << r;

  budget.account(false, 1.5);  // the rest catches up: climbing resumes
  EXPECT_TRUE(budget.should_climb(0));
  EXPECT_FALSE(budget.should_climb(1));
}

}  // namespace
}  // namespace walletfuzz::fuzzers
