#include "walletfuzz/loadgen/load_result.hpp"

#include <gtest/gtest.h>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::loadgen {
namespace {

ClassStats some_stats(std::uint64_t base) {
  ClassStats s;
  s.scheduled = base + 5;
  s.sent = base + 3;
  s.dropped = 2;
  s.responses = base;
  s.errors[static_cast<std::size_t>(ErrorKind::timeout)] = 2;
  s.errors[static_cast<std::size_t>(ErrorKind::reset)] = 1;
  s.status[200] = base - 1;
  s.status[429] = 1;
  s.throttled = 1;
  s.retry_after_seen = 1;
  s.retry_after_max_s = base % 7;
  s.bytes_in = base * 100;
  s.bytes_out = base * 50;
  for (std::uint64_t i = 0; i < base; ++i) {
    s.latency.record(1000 + i * 37 * base);
    s.latency_uncorrected.record(900 + i * 11);
  }
  return s;
}

LoadResult shard(unsigned index, unsigned count, std::uint64_t base) {
  LoadResult r;
  r.target = "http://127.0.0.1:8080";
  r.started_at = "2026-11-28T12:00:0" + std::to_string(index) + "Z";
  r.duration_s = 10.5 + index;
  r.send_duration_s = 10;
  r.target_rate = 50;
  r.shard_index = index;
  r.shard_count = count;
  r.connections = 8;
  r.threads = 1;
  r.classes.push_back({.name = "baseline:a", .handler = "a", .stats = some_stats(base)});
  r.classes.push_back({.name = "finding:slow-1",
                       .kind = "slow",
                       .finding_id = "slow-1",
                       .stats = some_stats(base + 10)});
  return r;
}

TEST(load_result_test, json_round_trip_keeps_every_count_and_histogram) {
  const LoadResult r = shard(1, 2, 40);
  const LoadResult back = formats::parse_load(formats::load_to_json(r), "load.json");
  ASSERT_EQ(back.classes.size(), 2u);
  EXPECT_EQ(back.classes[1].name, "finding:slow-1");
  EXPECT_EQ(back.classes[1].kind, "slow");
  EXPECT_EQ(back.classes[1].finding_id, "slow-1");
  EXPECT_EQ(back.classes[0].handler, "a");
  EXPECT_EQ(back.classes[0].stats, r.classes[0].stats);
  EXPECT_EQ(back.classes[1].stats, r.classes[1].stats);
  EXPECT_EQ(back.shard_index, 1u);
  EXPECT_EQ(back.shard_count, 2u);
  EXPECT_DOUBLE_EQ(back.duration_s, r.duration_s);
}

TEST(load_result_test, merging_shards_adds_counts_and_merges_histograms_exactly) {
  const LoadResult a = shard(0, 2, 30);
  const LoadResult b = shard(1, 2, 50);
  const LoadResult m = merge_results({a, b}, {"a.json", "b.json"});
  EXPECT_EQ(m.shards_merged, 2u);
  EXPECT_EQ(m.shard_count, 1u);  // complete: both halves present
  EXPECT_DOUBLE_EQ(m.duration_s, 11.5);
  EXPECT_DOUBLE_EQ(m.target_rate, 100);
  ASSERT_EQ(m.classes.size(), 2u);
  ClassStats expected;
  a.classes[0].stats.merge_into(expected);
  b.classes[0].stats.merge_into(expected);
  EXPECT_EQ(m.classes[0].stats, expected);
  EXPECT_EQ(m.classes[0].stats.scheduled, 30u + 5 + 50 + 5);
  EXPECT_EQ(m.classes[0].stats.latency.count(), 80u);
  EXPECT_EQ(m.classes[0].stats.retry_after_max_s, std::max(30u % 7, 50u % 7));
  // Through JSON as `walletfuzz merge` does: the same answer.
  const LoadResult via_json =
      merge_results({formats::parse_load(formats::load_to_json(a), "a.json"),
                     formats::parse_load(formats::load_to_json(b), "b.json")},
                    {});
  EXPECT_EQ(via_json.classes[1].stats, m.classes[1].stats);
}

TEST(load_result_test, merge_refuses_results_that_do_not_belong_together) {
  LoadResult other_target = shard(1, 2, 10);
  other_target.target = "http://127.0.0.1:9";
  EXPECT_THROW(merge_results({shard(0, 2, 10), other_target}, {"a.json", "b.json"}), InputError);
  EXPECT_THROW(merge_results({shard(0, 2, 10), shard(0, 2, 10)}, {"a.json", "b.json"}), InputError);
  EXPECT_THROW(merge_results({shard(0, 2, 10), shard(1, 3, 10)}, {"a.json", "b.json"}), InputError);
  EXPECT_THROW(merge_results({}, {}), InputError);
}

TEST(load_result_test, percentile_table_shows_both_latencies_and_errors) {
  const std::string table = format_percentile_table(shard(0, 1, 20));
  EXPECT_NE(table.find("baseline:a"), std::string::npos);
  EXPECT_NE(table.find("99.990%"), std::string::npos);
  EXPECT_NE(table.find("timeout=2"), std::string::npos);
  EXPECT_NE(table.find("429=1"), std::string::npos);
  EXPECT_NE(table.find("(all classes)"), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::loadgen
