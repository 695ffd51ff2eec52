#include "walletfuzz/reports/run_history.hpp"

#include <gtest/gtest.h>

#include "report_test_support.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::reports {
namespace {

std::vector<std::string> ids(const std::vector<FindingRecord>& records) {
  std::vector<std::string> out;
  for (const auto& record : records) out.push_back(record.id);
  std::sort(out.begin(), out.end());
  return out;
}

class run_comparison_test : public ::testing::Test {
 protected:
  RunData run1 = load_run_data(testing::fixture_runs() / "run-1");
  RunData run2 = load_run_data(testing::fixture_runs() / "run-2");
};

TEST_F(run_comparison_test, first_run_everything_is_new) {
  RunComparison diff = compare_runs(nullptr, snapshot_of("run-1", run1));
  EXPECT_FALSE(diff.previous_run);
  EXPECT_EQ(diff.new_findings.size(), 4u);
  EXPECT_TRUE(diff.fixed_findings.empty());
  EXPECT_TRUE(diff.is_new("create-order:crash:std::out_of_range"));
}

TEST_F(run_comparison_test, new_fixed_and_more_expensive_between_the_fixture_runs) {
  RunSnapshot before = snapshot_of("run-1", run1);
  RunComparison diff = compare_runs(&before, snapshot_of("run-2", run2));
  EXPECT_EQ(diff.previous_run, "run-1");
  EXPECT_EQ(ids(diff.new_findings), std::vector<std::string>{"slow-5b6c7d8e"});
  EXPECT_EQ(ids(diff.fixed_findings), std::vector<std::string>{"crash-77aa0b1c"});
  // slow-3f2a9c1d: $7.80 -> $9.36 per 1M (+20%, over the 10% noise allowance); nothing else moved.
  ASSERT_EQ(diff.more_expensive.size(), 1u);
  EXPECT_EQ(diff.more_expensive[0].label, "slow-3f2a9c1d");
  EXPECT_EQ(diff.more_expensive[0].metric, "cost_per_million_usd");
  EXPECT_NEAR(diff.more_expensive[0].before, 7.8, 1e-9);
  EXPECT_NEAR(diff.more_expensive[0].after, 9.36, 1e-9);
  EXPECT_FALSE(diff.is_new("search-products:slow:cost-bucket-17"));
}

TEST_F(run_comparison_test, a_finding_whose_growth_got_better_counts_as_fixed) {
  // The same slow input in both runs, above the raw ratio both times: quadratic before the fix,
  // linear after it.
  auto with_growth = [](RunData run, const char* growth_class, double exponent) {
    for (Finding& f : run.findings) {
      if (f.id != "slow-3f2a9c1d") continue;
      f.growth = formats::GrowthRecord{
          .growth_class = growth_class, .exponent = exponent, .confident = true};
    }
    return run;
  };
  RunSnapshot before = snapshot_of("run-1", with_growth(run1, "power", 2.0));
  RunComparison diff = compare_runs(&before, snapshot_of("run-2", with_growth(run2, "linear", 1)));
  EXPECT_EQ(ids(diff.fixed_findings),
            (std::vector<std::string>{"crash-77aa0b1c", "slow-3f2a9c1d"}));
  // Still quadratic: not fixed.
  diff = compare_runs(&before, snapshot_of("run-2", with_growth(run2, "power", 2.1)));
  EXPECT_EQ(ids(diff.fixed_findings), std::vector<std::string>{"crash-77aa0b1c"});
  EXPECT_EQ(growth_order(formats::GrowthRecord{.growth_class = "exponential", .confident = true}),
            1000);
  EXPECT_FALSE(growth_order(formats::GrowthRecord{.growth_class = "power", .exponent = 2}));
}

TEST_F(run_comparison_test, increases_within_the_noise_allowance_are_not_regressions) {
  RunSnapshot before = snapshot_of("run-1", run1);
  RunComparison diff = compare_runs(&before, snapshot_of("run-2", run2), 1.25);
  EXPECT_TRUE(diff.more_expensive.empty());
}

TEST_F(run_comparison_test, without_prices_amplification_is_compared) {
  run1.cost.reset();
  run2.cost.reset();
  RunSnapshot before = snapshot_of("run-1", run1);
  RunComparison diff = compare_runs(&before, snapshot_of("run-2", run2));
  ASSERT_EQ(diff.more_expensive.size(), 1u);
  EXPECT_EQ(diff.more_expensive[0].metric, "amplification");
  EXPECT_DOUBLE_EQ(diff.more_expensive[0].after, 23967.8);
}

TEST(run_history_test, records_runs_in_order_and_finds_the_previous_one) {
  testing::TempDir tmp;
  RunData run1 = load_run_data(testing::fixture_runs() / "run-1");
  RunData run2 = load_run_data(testing::fixture_runs() / "run-2");
  auto path = tmp.path() / "history.sqlite";
  {
    auto history = RunHistory::open(path);
    EXPECT_FALSE(history.previous_snapshot("run-1"));
    RunSnapshot first = snapshot_of("run-1", run1);
    first.gates["no_new_crashes"] = false;
    history.record(first, "2026-11-28T12:00:00Z");
    history.record(snapshot_of("run-2", run2), "2026-11-28T13:00:00Z");
  }
  auto history = RunHistory::open(path);  // reopened: it is on disk
  EXPECT_EQ(history.run_keys(), (std::vector<std::string>{"run-1", "run-2"}));
  auto previous = history.previous_snapshot("run-2");
  ASSERT_TRUE(previous);
  EXPECT_EQ(previous->run_key, "run-1");
  EXPECT_EQ(previous->findings.size(), 4u);
  EXPECT_EQ(previous->gates.at("no_new_crashes"), false);
  const FindingRecord& slow = previous->findings.at("search-products:slow:cost-bucket-17");
  EXPECT_EQ(slow.id, "slow-3f2a9c1d");
  EXPECT_DOUBLE_EQ(*slow.cost_per_million_usd, 7.8);
  EXPECT_FALSE(previous->costs.at("class:baseline:search-products").amplification == std::nullopt);

  // The round trip through SQLite gives the same comparison as the snapshots themselves.
  RunComparison from_db = compare_runs(&*previous, snapshot_of("run-2", run2));
  RunSnapshot direct = snapshot_of("run-1", run1);
  RunComparison from_memory = compare_runs(&direct, snapshot_of("run-2", run2));
  EXPECT_EQ(ids(from_db.new_findings), ids(from_memory.new_findings));
  EXPECT_EQ(ids(from_db.fixed_findings), ids(from_memory.fixed_findings));
  EXPECT_EQ(from_db.more_expensive.size(), from_memory.more_expensive.size());

  // A run not yet recorded compares with the latest one.
  EXPECT_EQ(history.previous_snapshot("run-3")->run_key, "run-2");
}

TEST(run_history_test, re_recording_a_run_replaces_it_and_keeps_its_place) {
  testing::TempDir tmp;
  RunData run1 = load_run_data(testing::fixture_runs() / "run-1");
  RunData run2 = load_run_data(testing::fixture_runs() / "run-2");
  auto history = RunHistory::open(tmp.path() / "h.sqlite");
  history.record(snapshot_of("run-1", run1), "t1");
  history.record(snapshot_of("run-2", run2), "t2");
  history.record(snapshot_of("run-1", run2), "t3");  // run-1 re-rendered with other data
  EXPECT_EQ(history.run_keys(), (std::vector<std::string>{"run-1", "run-2"}));
  EXPECT_FALSE(history.previous_snapshot("run-1")) << "still the first run";
  auto previous = history.previous_snapshot("run-2");
  ASSERT_TRUE(previous);
  EXPECT_EQ(previous->findings.size(), 4u);
  EXPECT_TRUE(previous->findings.count("list-reviews:slow:cost-bucket-9"))
      << "replaced, not merged";
  EXPECT_FALSE(previous->findings.count("create-order:crash:std::out_of_range"));
}

TEST(run_history_test, a_file_that_is_not_a_history_database_is_a_runtime_failure) {
  testing::TempDir tmp;
  testing::spit(tmp.path() / "history.sqlite", std::string(4096, 'x'));
  try {
    RunHistory::open(tmp.path() / "history.sqlite");
    FAIL() << "no exception";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("history.sqlite"), std::string::npos) << error.what();
  }
  EXPECT_THROW(RunHistory::open(tmp.path() / "no-such-dir" / "h.sqlite"), RuntimeFailure);
}

}  // namespace
}  // namespace walletfuzz::reports
