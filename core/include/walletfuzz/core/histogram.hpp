#pragma once
// A log-linear latency histogram: exact below 256 units, then 128 equal sub-buckets per power of
// two, so every recorded value is known to within 1/256 (0.4%) of itself. Counts are integers
// and buckets are fixed, so merging two histograms is exact: merging per-thread or per-shard
// histograms gives bit-for-bit the histogram one recorder would have built from all the values.
//
//   walletfuzz::LatencyHistogram h;           // values in nanoseconds by convention
//   h.record(1'250'000);                      // 1.25 ms
//   other.merge_into(h);                      // exact, never averaged
//   std::uint64_t p99 = h.value_at_percentile(99.0);
//   boost::json::value j = h.to_json();       // sparse buckets, see docs/FORMATS.md
//   auto back = walletfuzz::LatencyHistogram::from_json(j, {"load.json", 0, 0, "histogram"});
//
// Why not HdrHistogram: it is not packaged for Debian 12, and this shape (HdrHistogram's
// "2 significant binary digits per octave" idea with a fixed precision) is all walletfuzz needs.

#include <boost/json/value.hpp>
#include <cstdint>
#include <vector>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {

class LatencyHistogram {
 public:
  /// Bits of mantissa kept per power of two: 2^7 = 128 sub-buckets per octave.
  static constexpr unsigned sub_bucket_bits = 7;
  /// Values from 2^43 (about 2.4 hours in ns) upwards share the last bucket; min/max stay exact.
  static constexpr unsigned max_magnitude_bits = 43;

  LatencyHistogram();

  /// Adds one value. Never fails: values past the tracked range land in the top bucket.
  void record(std::uint64_t value) noexcept { record_n(value, 1); }
  void record_n(std::uint64_t value, std::uint64_t count) noexcept;

  /// Adds every count of this histogram to `into` (exact).
  void merge_into(LatencyHistogram& into) const noexcept;

  std::uint64_t count() const noexcept { return count_; }
  std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
  std::uint64_t max() const noexcept { return max_; }
  double mean() const noexcept;
  /// The value at or below which `percentile` percent of the recorded values fall (0 when empty),
  /// reported as the middle of its bucket clamped to [min, max]; percentile 100 is max().
  std::uint64_t value_at_percentile(double percentile) const noexcept;

  /// Sparse encoding: {"encoding":"log-linear/1","sub_bucket_bits":7,"count":N,"min":..,
  /// "max":..,"sum":..,"buckets":[[index,count],...]} with ascending indexes.
  boost::json::value to_json() const;
  /// Inverse of to_json(). Throws InputError at `where` (field appended) on any inconsistency:
  /// wrong encoding, index out of range or not ascending, counts not adding up to "count".
  static LatencyHistogram from_json(const boost::json::value& json, const Location& where);

  /// Bucket index of a value, and the lowest/highest value that maps to a bucket.
  static std::size_t bucket_index(std::uint64_t value) noexcept;
  static std::uint64_t bucket_lowest(std::size_t index) noexcept;
  static std::uint64_t bucket_highest(std::size_t index) noexcept;
  static std::size_t bucket_count() noexcept;
  /// How many recorded values fell into bucket `index` (0 past the last bucket).
  std::uint64_t count_in_bucket(std::size_t index) const noexcept {
    return index < counts_.size() ? counts_[index] : 0;
  }

  friend bool operator==(const LatencyHistogram&, const LatencyHistogram&) = default;

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
  // Sum of values for the mean; 128 bits would never overflow but 64 bits of nanoseconds hold
  // 584 years of latency, far past any bounded run.
  std::uint64_t sum_ = 0;
};

}  // namespace walletfuzz
