#pragma once
// What one handler invocation cost, and how that cost is fed back to libFuzzer so that the
// search climbs towards expensive inputs (PerfFuzz / SlowFuzz style) instead of only towards new
// coverage.
//
//   walletfuzz::fuzzers::CostSample cost{.cpu_ns = 5'000'000, .work_units = 40'000};
//   walletfuzz::fuzzers::CostFeedback feedback(extra_counters(), {.cpu_floor_ns = 200'000});
//   feedback.record(cost);  // marks "work units reached bucket 61" etc. for this run
//
// Each signal is mapped to a quarter-octave bucket (4 buckets per doubling) and exactly one
// counter byte per signal is set: the bucket the invocation reached. libFuzzer turns every
// (byte, value) pair it has not seen before into a new feature, so an input that reaches a cost
// level no earlier input reached is kept and mutated further. Because a signal has at most
// kBucketsPerSignal buckets, measurement noise can add at most that many corpus entries per
// signal: the corpus cannot bloat, whatever the jitter (see docs/FUZZING.md for the choice).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace walletfuzz::fuzzers {

/// The measured cost of one invocation. Wall and CPU time are raw measurements; work units and
/// peak memory are deterministic counts.
struct CostSample {
  std::uint64_t wall_ns = 0;            ///< steady-clock time of the handler call
  std::uint64_t cpu_ns = 0;             ///< thread CPU time of the handler call
  std::uint64_t work_units = 0;         ///< units reported by the handler via charge()
  std::uint64_t peak_memory_bytes = 0;  ///< peak live bytes attributed to the invocation
};

/// The signals fed back as features, in counter-region order.
enum class CostSignal : std::uint8_t { work_units = 0, peak_memory = 1, cpu_time = 2 };
inline constexpr std::size_t kCostSignalCount = 3;
inline constexpr std::size_t kBucketsPerSignal = 256;  ///< 64 octaves x 4 quarter-octaves
inline constexpr std::size_t kCostCounterBytes = kCostSignalCount * kBucketsPerSignal;

/// "work", "memory" or "cpu": the names used in signatures and docs.
std::string_view signal_name(CostSignal signal) noexcept;

/// Quarter-octave bucket of `value`: 4*floor(log2 v) plus the two bits after the leading one, so
/// bucket(2^k) == 4k and each bucket spans a quarter of a doubling. bucket(0) == bucket(1) == 0.
unsigned cost_bucket(std::uint64_t value) noexcept;

/// Which buckets to report and when CPU time is trusted.
struct FeedbackOptions {
  bool enabled = true;  ///< false: the same harness without cost feedback (for comparisons)
  /// CPU time below this is not reported: it is noise at the scale of a normal request. Set it
  /// to a few times the handler's baseline CPU time.
  std::uint64_t cpu_floor_ns = 0;
};

/// Writes cost buckets into a counter region that libFuzzer reads after every run. The region
/// is cleared by libFuzzer before each run; record() only ever sets bytes to 1.
class CostFeedback {
 public:
  CostFeedback(std::span<std::uint8_t> counters, FeedbackOptions options) noexcept;

  /// Marks the buckets `cost` reached. CPU time is reported only from `cpu_floor_ns` upwards.
  void record(const CostSample& cost) noexcept;

  /// True when cpu time is at or above the floor, i.e. when a caller should re-measure it before
  /// trusting it (see InvocationHarness).
  bool cpu_time_reportable(std::uint64_t cpu_ns) const noexcept;

  /// True when `cpu_ns` is reportable and falls in a bucket no record() of this process has
  /// marked yet: the only case where its exact value changes what libFuzzer sees, so the only
  /// one worth re-measuring.
  bool cpu_time_is_new_level(std::uint64_t cpu_ns) const noexcept;

  const FeedbackOptions& options() const noexcept { return options_; }

 private:
  void mark(CostSignal signal, std::uint64_t value) noexcept;

  std::span<std::uint8_t> counters_;
  FeedbackOptions options_;
  std::array<bool, kBucketsPerSignal> cpu_levels_reached_{};
};

/// The process's libFuzzer extra-counter region (section __libfuzzer_extra_counters on Linux).
/// Outside a libFuzzer build it is an ordinary array nobody reads.
std::span<std::uint8_t> extra_counters() noexcept;

/// Bytes after the cost buckets in the same region, for what a client observes of a response
/// (response_signal.hpp): status class, connection errors, leak family, response shape.
inline constexpr std::size_t kResponseCounterBytes = 1024;

/// That part of the region.
std::span<std::uint8_t> response_counters() noexcept;

}  // namespace walletfuzz::fuzzers
