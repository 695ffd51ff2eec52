#include "walletfuzz/core/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <random>
#include <vector>

namespace walletfuzz {
namespace {

// Exact nearest-rank percentile of a sorted sample, the definition the histogram approximates.
std::uint64_t exact_percentile(const std::vector<std::uint64_t>& sorted, double p) {
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

TEST(histogram_test, buckets_are_contiguous_and_within_one_percent) {
  for (std::size_t i = 1; i < LatencyHistogram::bucket_count(); ++i) {
    ASSERT_EQ(LatencyHistogram::bucket_lowest(i), LatencyHistogram::bucket_highest(i - 1) + 1) << i;
    const double lo = static_cast<double>(LatencyHistogram::bucket_lowest(i));
    // The reported value is the bucket's middle, so the worst error is half the bucket's span.
    const double span = static_cast<double>(LatencyHistogram::bucket_highest(i)) - lo;
    ASSERT_LE(span / 2 / lo, 0.005) << "bucket " << i;
  }
  for (std::uint64_t v : {0ULL, 1ULL, 255ULL, 256ULL, 257ULL, 1000ULL, 123456789ULL, 1ULL << 42}) {
    const auto i = LatencyHistogram::bucket_index(v);
    EXPECT_LE(LatencyHistogram::bucket_lowest(i), v);
    EXPECT_GE(LatencyHistogram::bucket_highest(i), v);
  }
}

TEST(histogram_test, percentiles_within_one_percent_of_exact) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(13.0, 1.5);  // around 0.4 ms, long tail
  std::vector<std::uint64_t> values;
  LatencyHistogram h;
  for (int i = 0; i < 100000; ++i) {
    const auto v = static_cast<std::uint64_t>(latency(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double p : {1.0, 50.0, 90.0, 99.0, 99.9, 99.99}) {
    const double exact = static_cast<double>(exact_percentile(values, p));
    const double got = static_cast<double>(h.value_at_percentile(p));
    EXPECT_NEAR(got, exact, exact * 0.01) << "p" << p;
  }
  EXPECT_EQ(h.value_at_percentile(100), values.back());
  EXPECT_EQ(h.min(), values.front());
  EXPECT_EQ(h.count(), values.size());
}

TEST(histogram_test, merge_equals_recording_everything_in_one) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> any(0, 5'000'000'000ULL);
  LatencyHistogram all, a, b, merged;
  for (int i = 0; i < 20000; ++i) {
    const auto v = any(rng);
    all.record(v);
    (i % 3 == 0 ? a : b).record(v);
  }
  a.merge_into(merged);
  b.merge_into(merged);
  EXPECT_EQ(merged, all);
  EXPECT_EQ(merged.value_at_percentile(99.9), all.value_at_percentile(99.9));
}

TEST(histogram_test, json_round_trip_is_exact) {
  LatencyHistogram h;
  for (std::uint64_t v : {3ULL, 3ULL, 900ULL, 1'500'000ULL, 9'000'000'000ULL}) h.record(v);
  const auto back = LatencyHistogram::from_json(
      boost::json::parse(boost::json::serialize(h.to_json())), {"x.json"});
  EXPECT_EQ(back, h);
  const auto empty = LatencyHistogram::from_json(LatencyHistogram{}.to_json(), {"x.json"});
  EXPECT_EQ(empty, LatencyHistogram{});
}

TEST(histogram_test, values_past_the_range_keep_exact_max) {
  LatencyHistogram h;
  h.record(UINT64_MAX / 2);
  EXPECT_EQ(h.max(), UINT64_MAX / 2);
  EXPECT_EQ(h.value_at_percentile(50), UINT64_MAX / 2);  // clamped into [min, max]
}

TEST(histogram_test, from_json_rejects_inconsistent_input_naming_the_field) {
  auto reject = [](const char* text, const char* field_part) {
    try {
      LatencyHistogram::from_json(boost::json::parse(text),
                                  {"load.json", 0, 0, "classes[0].histogram"});
      ADD_FAILURE() << "accepted " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(field_part), std::string::npos) << e.what();
    }
  };
  const char* ok_prefix =
      R"({"encoding":"log-linear/1","sub_bucket_bits":7,"min":1,"max":2,"sum":3,)";
  reject(R"({"encoding":"hdr","sub_bucket_bits":7})", "encoding");
  reject((std::string(ok_prefix) + R"("count":2,"buckets":[[1,1]]})").c_str(), "count");
  reject((std::string(ok_prefix) + R"("count":2,"buckets":[[2,1],[1,1]]})").c_str(), "buckets[1]");
  reject((std::string(ok_prefix) + R"("count":1,"buckets":[[99999999,1]]})").c_str(), "buckets[0]");
  reject((std::string(ok_prefix) + R"("count":1,"buckets":[[1,-1]]})").c_str(), "buckets[0]");
  reject(R"([1,2])", "classes[0].histogram");
}

}  // namespace
}  // namespace walletfuzz
