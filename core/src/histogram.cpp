#include "walletfuzz/core/histogram.hpp"

#include <algorithm>
#include <bit>
#include <boost/json.hpp>
#include <cmath>

namespace walletfuzz {
namespace {

constexpr std::uint64_t top_value = (std::uint64_t{1} << LatencyHistogram::max_magnitude_bits) - 1;
constexpr std::size_t sub_buckets = std::size_t{1} << LatencyHistogram::sub_bucket_bits;
constexpr const char* encoding_name = "log-linear/1";

Location field(const Location& where, const std::string& name) {
  Location at = where;
  at.field = at.field.empty() ? name : at.field + "." + name;
  return at;
}

std::uint64_t read_u64(const boost::json::object& object, const char* name, const Location& where) {
  const auto* value = object.if_contains(name);
  if (value == nullptr) throw InputError(field(where, name), "missing");
  if (value->is_uint64()) return value->as_uint64();
  if (value->is_int64() && value->as_int64() >= 0)
    return static_cast<std::uint64_t>(value->as_int64());
  throw InputError(field(where, name), "must be a non-negative integer");
}

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(bucket_count(), 0) {}

std::size_t LatencyHistogram::bucket_index(std::uint64_t value) noexcept {
  value = std::min(value, top_value);
  // Below 2^(bits+1) every value has its own bucket; above, keep the top `bits + 1` binary
  // digits. index = shift * 2^bits + mantissa is continuous across octaves (see the header).
  const unsigned width = static_cast<unsigned>(std::bit_width(value));
  const unsigned shift = width > sub_bucket_bits + 1 ? width - (sub_bucket_bits + 1) : 0;
  return (static_cast<std::size_t>(shift) << sub_bucket_bits) +
         static_cast<std::size_t>(value >> shift);
}

std::uint64_t LatencyHistogram::bucket_lowest(std::size_t index) noexcept {
  if (index < 2 * sub_buckets) return index;
  const std::size_t shift = (index >> sub_bucket_bits) - 1;
  const std::uint64_t mantissa = (index & (sub_buckets - 1)) + sub_buckets;
  return mantissa << shift;
}

std::uint64_t LatencyHistogram::bucket_highest(std::size_t index) noexcept {
  if (index < 2 * sub_buckets) return index;
  const std::size_t shift = (index >> sub_bucket_bits) - 1;
  return bucket_lowest(index) + ((std::uint64_t{1} << shift) - 1);
}

std::size_t LatencyHistogram::bucket_count() noexcept {
  return bucket_index(top_value) + 1;
}

void LatencyHistogram::record_n(std::uint64_t value, std::uint64_t count) noexcept {
  if (count == 0) return;
  counts_[bucket_index(value)] += count;
  count_ += count;
  sum_ += value * count;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void LatencyHistogram::merge_into(LatencyHistogram& into) const noexcept {
  if (count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) into.counts_[i] += counts_[i];
  into.count_ += count_;
  into.sum_ += sum_;
  into.min_ = std::min(into.min_, min_);
  into.max_ = std::max(into.max_, max_);
}

double LatencyHistogram::mean() const noexcept {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_);
}

std::uint64_t LatencyHistogram::value_at_percentile(double percentile) const noexcept {
  if (count_ == 0) return 0;
  if (!(percentile < 100.0)) return max_;
  percentile = std::max(percentile, 0.0);
  // Nearest-rank definition: the smallest value with at least ceil(p% of count) values at or
  // below it. Integer ranks keep merged and single-run answers identical.
  auto rank =
      static_cast<std::uint64_t>(std::ceil(percentile / 100.0 * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const std::uint64_t lo = bucket_lowest(i);
      const std::uint64_t middle = lo + (bucket_highest(i) - lo) / 2;
      return std::clamp(middle, min_, max_);
    }
  }
  return max_;
}

boost::json::value LatencyHistogram::to_json() const {
  boost::json::array buckets;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] != 0) buckets.push_back(boost::json::array{i, counts_[i]});
  }
  return boost::json::object{{"encoding", encoding_name},
                             {"sub_bucket_bits", sub_bucket_bits},
                             {"count", count_},
                             {"min", min()},
                             {"max", max_},
                             {"sum", sum_},
                             {"buckets", std::move(buckets)}};
}

LatencyHistogram LatencyHistogram::from_json(const boost::json::value& json,
                                             const Location& where) {
  const auto* object = json.if_object();
  if (object == nullptr) throw InputError(where, "histogram must be a JSON object");
  const auto* encoding = object->if_contains("encoding");
  if (encoding == nullptr || !encoding->is_string() || encoding->as_string() != encoding_name) {
    throw InputError(field(where, "encoding"), std::string("must be \"") + encoding_name + "\"");
  }
  if (read_u64(*object, "sub_bucket_bits", where) != sub_bucket_bits) {
    throw InputError(field(where, "sub_bucket_bits"), "must be 7");
  }
  LatencyHistogram h;
  const std::uint64_t count = read_u64(*object, "count", where);
  const std::uint64_t min = read_u64(*object, "min", where);
  const std::uint64_t max = read_u64(*object, "max", where);
  const std::uint64_t sum = read_u64(*object, "sum", where);
  const auto* buckets = object->if_contains("buckets");
  if (buckets == nullptr || !buckets->is_array()) {
    throw InputError(field(where, "buckets"), "must be an array of [index, count] pairs");
  }
  std::uint64_t total = 0;
  std::size_t next_index = 0;
  std::size_t position = 0;
  for (const auto& entry : buckets->as_array()) {
    const Location at = field(where, "buckets[" + std::to_string(position++) + "]");
    const auto* pair = entry.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_number() ||
        !(*pair)[1].is_number()) {
      throw InputError(at, "must be an [index, count] pair of integers");
    }
    std::uint64_t index = 0;
    std::uint64_t n = 0;
    try {
      index = (*pair)[0].to_number<std::uint64_t>();
      n = (*pair)[1].to_number<std::uint64_t>();
    } catch (const std::exception&) {
      throw InputError(at, "must be an [index, count] pair of non-negative integers");
    }
    if (index >= bucket_count()) throw InputError(at, "bucket index out of range");
    if (index < next_index) throw InputError(at, "bucket indexes must be ascending and unique");
    if (n == 0 || n > count - std::min(total, count))
      throw InputError(at, "bucket count does not fit \"count\"");
    h.counts_[index] = n;
    total += n;
    next_index = index + 1;
  }
  if (total != count)
    throw InputError(field(where, "count"), "does not equal the sum of the buckets");
  if (count != 0) {
    if (min > max || bucket_index(min) > bucket_index(max))
      throw InputError(field(where, "min"), "greater than max");
    h.min_ = min;
  }
  h.count_ = count;
  h.max_ = max;
  h.sum_ = sum;
  return h;
}

}  // namespace walletfuzz
