#pragma once
// The most expensive inputs one fuzzing process has run, so that mutation can start from them:
// the hill climbing of SlowFuzz (which mutates the inputs of highest resource use) on top of the
// cost buckets of cost_signal.hpp.
//
// The buckets make libFuzzer *keep* an input that reaches a new cost level, but libFuzzer then
// schedules it like any other corpus entry: with hundreds of coverage entries it is mutated a
// few times a second at most, and each step of a climb (a longer repetition, a larger number,
// more array elements) waits for its turn. Starting part of the mutations from the top of this
// ladder spends them where the cost already is, while the rest still go where libFuzzer's
// coverage-driven schedule sends them.
//
//   walletfuzz::fuzzers::CostLadder ladder(8);
//   ladder.offer(input_bytes, amplification);                // after each run
//   if (auto from = ladder.pick(random)) mutate(*from);      // before a mutation

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::fuzzers {

class CostLadder {
 public:
  /// Keeps at most `capacity` inputs (at least 1).
  explicit CostLadder(std::size_t capacity = 8);

  /// Keeps `input` if `cost` is among the `capacity` highest offered so far. An input already on
  /// the ladder is not kept twice; its cost is raised if this one is higher (a re-measurement).
  void offer(std::string_view input, double cost);

  /// An input to climb from, or nullopt when the ladder is empty. The most expensive is picked
  /// half of the time, the next a quarter, and so on (the last rung takes what is left), so the
  /// climb concentrates on the top without losing the runners-up, which may be on a different
  /// path to a higher cost (the local-maximum problem PerfFuzz describes).
  std::optional<std::string_view> pick(std::uint64_t random) const;

  std::size_t size() const noexcept { return rungs_.size(); }
  /// The highest cost offered so far (0 when empty).
  double top_cost() const noexcept { return rungs_.empty() ? 0 : rungs_.front().cost; }

 private:
  struct Rung {
    std::string input;
    double cost;
  };
  std::vector<Rung> rungs_;  // most expensive first
  std::size_t capacity_;
};

/// How often to climb: half of the mutations, as long as the inputs those mutations produced have
/// taken at most half of the execution time. Climbing repeats expensive inputs, so by count alone
/// it would take nearly all of the time once the top of the ladder costs a few hundred times a
/// normal request, and the coverage-driven half that finds the next path to a cost (and the
/// leaks and crashes) would all but stop.
class ClimbBudget {
 public:
  /// Whether the next mutation should start from the ladder; `random` decides the coin flip.
  bool should_climb(std::uint64_t random) const noexcept {
    return random % 2 == 0 && climb_s_ <= explore_s_;
  }
  /// Counts `seconds` spent running an input, made by climbing or not.
  void account(bool climbed, double seconds) noexcept {
    (climbed ? climb_s_ : explore_s_) += seconds;
  }

 private:
  double climb_s_ = 0;
  double explore_s_ = 0;
};

}  // namespace walletfuzz::fuzzers
