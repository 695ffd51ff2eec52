#pragma once
// Shrinks a finding's request while it stays a finding, so that the file a person reads (and
// the load generator replays) holds only what matters. Works on the request's parts rather than
// raw bytes, so every candidate is still a well-formed request (Content-Length is re-derived on
// serialisation) and no evaluation is wasted on garbage.
//
//   auto cost = [&](const walletfuzz::Request& r) { return measure_median_ns(r); };
//   auto result = walletfuzz::fuzzers::minimize_preserving_cost(request, cost, 0.9, {});
//   // result.request costs >= 90% of the original, with as little body/query/headers as found
//
// Order of attempts: drop headers (Host stays), drop query parameters, then delete ever smaller
// chunks of the body and of each query value (halves, quarters, ... single bytes), like ddmin.

#include <chrono>
#include <cstddef>
#include <functional>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::fuzzers {

/// Upper bounds on the work of one minimisation; whichever is reached first stops it.
struct MinimizeBudget {
  std::size_t max_evaluations = 300;
  std::chrono::milliseconds max_time{10'000};
  /// How long one evaluation is expected to take before any is timed: an evaluation that would
  /// end past `max_time` is not started (the longest one timed so far is the estimate after).
  std::chrono::milliseconds expected_evaluation{0};
};

struct MinimizeResult {
  Request request;              ///< the smallest request found that is still interesting
  std::size_t evaluations = 0;  ///< predicate calls made
  bool budget_exhausted = false;
};

/// True when a candidate still shows the finding.
using StillInteresting = std::function<bool(const Request&)>;

/// Greedy structured minimisation: `original` is assumed interesting and is never evaluated.
MinimizeResult minimize_request(const Request& original, const StillInteresting& interesting,
                                const MinimizeBudget& budget = {});

/// Minimisation that keeps at least `keep_ratio` of the original's cost. `cost` is called once
/// for the original (its time counts against `budget.max_time`) and once per candidate; every
/// candidate is compared with the original's cost (not the previous step's), so the kept cost
/// cannot drift down step by step.
MinimizeResult minimize_preserving_cost(const Request& original,
                                        const std::function<double(const Request&)>& cost,
                                        double keep_ratio, const MinimizeBudget& budget = {});

/// Serialised size of a request, the measure minimisation reduces.
std::size_t request_size(const Request& request);

}  // namespace walletfuzz::fuzzers
