#include "walletfuzz/fuzzers/cost_signal.hpp"

#include <bit>

namespace walletfuzz::fuzzers {
namespace {

// libFuzzer finds this region through the linker-made __start_/__stop_ symbols of the section.
// `used` keeps --gc-sections and LTO from dropping a section nothing references by name; the
// alignment and the multiple-of-8 size matter because libFuzzer clears it a word at a time.
#ifdef __linux__
__attribute__((section("__libfuzzer_extra_counters"), used, aligned(64)))
#endif
// One region for every feature walletfuzz adds: the cost buckets first, then what a client
// observes of a response (response_signal.hpp, the black-box HTTP target).
std::uint8_t cost_counters[kCostCounterBytes + kResponseCounterBytes];
static_assert(kCostCounterBytes % 64 == 0 && kResponseCounterBytes % 64 == 0);

}  // namespace

std::string_view signal_name(CostSignal signal) noexcept {
  switch (signal) {
    case CostSignal::work_units:
      return "work";
    case CostSignal::peak_memory:
      return "memory";
    case CostSignal::cpu_time:
      return "cpu";
  }
  return "unknown";
}

unsigned cost_bucket(std::uint64_t value) noexcept {
  if (value < 2) return 0;
  unsigned octave = static_cast<unsigned>(std::bit_width(value)) - 1;
  // The two bits right after the leading one say which quarter of the octave `value` is in.
  unsigned quarter = octave >= 2 ? static_cast<unsigned>((value >> (octave - 2)) & 3U)
                                 : static_cast<unsigned>((value << (2 - octave)) & 3U);
  return octave * 4 + quarter;
}

CostFeedback::CostFeedback(std::span<std::uint8_t> counters, FeedbackOptions options) noexcept
    : counters_(counters), options_(options) {}

bool CostFeedback::cpu_time_reportable(std::uint64_t cpu_ns) const noexcept {
  return options_.enabled && cpu_ns >= options_.cpu_floor_ns;
}

bool CostFeedback::cpu_time_is_new_level(std::uint64_t cpu_ns) const noexcept {
  return cpu_time_reportable(cpu_ns) &&
         !cpu_levels_reached_[cost_bucket(cpu_ns) % kBucketsPerSignal];
}

void CostFeedback::record(const CostSample& cost) noexcept {
  if (!options_.enabled) return;
  if (cost.work_units > 0) mark(CostSignal::work_units, cost.work_units);
  if (cost.peak_memory_bytes > 0) mark(CostSignal::peak_memory, cost.peak_memory_bytes);
  if (cpu_time_reportable(cost.cpu_ns)) {
    mark(CostSignal::cpu_time, cost.cpu_ns);
    cpu_levels_reached_[cost_bucket(cost.cpu_ns) % kBucketsPerSignal] = true;
  }
}

void CostFeedback::mark(CostSignal signal, std::uint64_t value) noexcept {
  std::size_t index =
      static_cast<std::size_t>(signal) * kBucketsPerSignal + cost_bucket(value) % kBucketsPerSignal;
  if (index < counters_.size()) counters_[index] = 1;
}

std::span<std::uint8_t> extra_counters() noexcept {
  return {cost_counters, kCostCounterBytes};
}

std::span<std::uint8_t> response_counters() noexcept {
  return {cost_counters + kCostCounterBytes, kResponseCounterBytes};
}

}  // namespace walletfuzz::fuzzers
