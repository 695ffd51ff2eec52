#include "walletfuzz/loadgen/arrival_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "walletfuzz/core/splitmix64.hpp"

namespace walletfuzz::loadgen {
namespace {

std::size_t pick(const std::vector<double>& cumulative, std::uint64_t hash) noexcept {
  const double u = static_cast<double>(hash >> 11) * 0x1.0p-53;  // uniform in [0, 1)
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  if (it == cumulative.end()) --it;
  return static_cast<std::size_t>(it - cumulative.begin());
}

}  // namespace

std::vector<double> cumulative_shares(const std::vector<double>& weights) {
  std::vector<double> out;
  double total = 0;
  for (double w : weights) total += w > 0 ? w : 0;
  double running = 0;
  for (double w : weights) {
    running += w > 0 ? w : 0;
    out.push_back(total > 0 ? running / total : 1.0);
  }
  if (!out.empty()) out.back() = 1.0;
  return out;
}

std::size_t pick_class(const std::vector<double>& cumulative_weights, std::uint64_t seed,
                       std::uint64_t stream, std::uint64_t n) noexcept {
  // A hash, so class picks depend only on (seed, stream, n).
  return pick(cumulative_weights,
              splitmix64(splitmix64(seed ^ (stream * 0x632be59bd9b4e019ULL)) ^ n));
}

ArrivalSchedule::ArrivalSchedule(const std::vector<Stage>& stages, std::uint64_t cap,
                                 std::uint64_t seed, const std::vector<double>& weights)
    : cumulative_weights_(cumulative_shares(weights)), seed_(seed) {
  double start = 0;
  double first = 0;
  for (const Stage& stage : stages) {
    Segment s{};
    s.start_s = start;
    s.duration_s = std::chrono::duration<double>(stage.duration).count();
    switch (stage.kind) {
      case StageKind::constant:
        s.rate0 = s.rate1 = stage.start_rate;
        break;
      case StageKind::ramp:
        s.rate0 = stage.start_rate;
        s.rate1 = stage.end_rate;
        break;
      case StageKind::spike:
        s.rate0 = s.rate1 = stage.end_rate;
        break;
    }
    s.first = first;
    segments_.push_back(s);
    first += (s.rate0 + s.rate1) / 2 * s.duration_s;
    start += s.duration_s;
  }
  // A hair of tolerance so that 10 s at 1000/s is exactly 10,000 requests despite rounding.
  const double total = std::floor(first + 1e-6);
  size_ = std::min<std::uint64_t>(cap, total > 0 ? static_cast<std::uint64_t>(total) : 0);
}

std::chrono::nanoseconds ArrivalSchedule::due(std::uint64_t n) const noexcept {
  const double k_total = static_cast<double>(n);
  const Segment* seg = nullptr;
  for (const Segment& s : segments_) {
    const double inside = (s.rate0 + s.rate1) / 2 * s.duration_s;
    if (inside > 0 && k_total < s.first + inside) {
      seg = &s;
      break;
    }
  }
  if (seg == nullptr) {
    if (segments_.empty()) return std::chrono::nanoseconds(0);
    const Segment& last = segments_.back();
    return std::chrono::nanoseconds(
        static_cast<std::int64_t>((last.start_s + last.duration_s) * 1e9));
  }
  const double k = k_total - seg->first;
  // Solve r0*t + a*t^2 = k with a = (r1 - r0) / (2D); written as 2k / (r0 + sqrt(r0^2 + 4ak)),
  // which stays exact when a is 0 (constant rate) and avoids cancellation when a is tiny.
  const double a = (seg->rate1 - seg->rate0) / (2 * seg->duration_s);
  const double disc = std::max(0.0, seg->rate0 * seg->rate0 + 4 * a * k);
  const double denom = seg->rate0 + std::sqrt(disc);
  const double t = denom > 0 ? 2 * k / denom : 0;
  return std::chrono::nanoseconds(
      static_cast<std::int64_t>(std::llround((seg->start_s + t) * 1e9)));
}

std::size_t ArrivalSchedule::class_of(std::uint64_t n) const noexcept {
  return pick_class(cumulative_weights_, seed_, 0, n);
}

}  // namespace walletfuzz::loadgen
