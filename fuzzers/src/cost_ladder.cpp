#include "walletfuzz/fuzzers/cost_ladder.hpp"

#include <algorithm>
#include <bit>

namespace walletfuzz::fuzzers {

CostLadder::CostLadder(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
  rungs_.reserve(capacity_);
}

void CostLadder::offer(std::string_view input, double cost) {
  // The common case first, without comparing inputs: not expensive enough for a full ladder (an
  // input already on it has a cost at least this high, so there is nothing to raise either).
  if (rungs_.size() == capacity_ && cost <= rungs_.back().cost) return;
  auto same = std::find_if(rungs_.begin(), rungs_.end(),
                           [&](const Rung& rung) { return rung.input == input; });
  if (same != rungs_.end()) {
    if (cost <= same->cost) return;
    rungs_.erase(same);
  }
  if (rungs_.size() == capacity_) rungs_.pop_back();
  auto place = std::find_if(rungs_.begin(), rungs_.end(),
                            [&](const Rung& rung) { return rung.cost < cost; });
  rungs_.insert(place, Rung{std::string(input), cost});
}

std::optional<std::string_view> CostLadder::pick(std::uint64_t random) const {
  if (rungs_.empty()) return std::nullopt;
  // The number of trailing zero bits of a uniform random word is r with probability 2^-(r+1).
  std::size_t rank = static_cast<std::size_t>(std::countr_zero(random | (1ULL << 63)));
  return rungs_[std::min(rank, rungs_.size() - 1)].input;
}

}  // namespace walletfuzz::fuzzers
