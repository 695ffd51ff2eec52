#pragma once
// When each request of an open-loop run is due, and which class it belongs to.
//
// Request n (0-based, counted over the whole run before sharding) is due at the time t at which
// the integral of the rate from 0 to t reaches n: for a constant rate R that is n / R, for a
// linear ramp the root of a quadratic. Computing due times from n, not by adding intervals,
// keeps them free of accumulated rounding, and lets every shard and thread compute its own
// share of one common schedule without talking to the others.
//
//   ArrivalSchedule schedule(plan.stages, plan.max_requests, plan.seed, weights);
//   for (std::uint64_t n = shard.index; n < schedule.size(); n += shard.count)
//     send(schedule.due(n), schedule.class_of(n));

#include <chrono>
#include <cstdint>
#include <vector>

#include "walletfuzz/loadgen/load_plan.hpp"

namespace walletfuzz::loadgen {

class ArrivalSchedule {
 public:
  /// `cap` bounds size(); `weights` are the classes' relative shares (at least one, all > 0).
  ArrivalSchedule(const std::vector<Stage>& stages, std::uint64_t cap, std::uint64_t seed,
                  const std::vector<double>& weights);

  /// Requests in the run (the stages' integral, at most the cap).
  std::uint64_t size() const noexcept { return size_; }
  /// Due time of request n, measured from the start of the run.
  std::chrono::nanoseconds due(std::uint64_t n) const noexcept;
  /// Class index of request n: a fixed weighted pick from (seed, n), the same in every process.
  std::size_t class_of(std::uint64_t n) const noexcept;

 private:
  struct Segment {
    double start_s;  // time the stage begins
    double duration_s;
    double rate0, rate1;  // rate at the start and end of the stage
    double first;         // requests scheduled before the stage (integral up to start_s)
  };
  std::vector<Segment> segments_;
  std::vector<double> cumulative_weights_;
  std::uint64_t size_ = 0;
  std::uint64_t seed_;
};

/// Weighted pick of a class for the `n`th request of closed-loop worker `stream` (closed mode
/// has no schedule, but the mix still has to be deterministic).
std::size_t pick_class(const std::vector<double>& cumulative_weights, std::uint64_t seed,
                       std::uint64_t stream, std::uint64_t n) noexcept;

/// Running sums of `weights` normalised so the last is 1.
std::vector<double> cumulative_shares(const std::vector<double>& weights);

}  // namespace walletfuzz::loadgen
