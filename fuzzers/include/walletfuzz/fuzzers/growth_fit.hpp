#pragma once
// How the cost of a request grows with its size: the order of growth fitted to measurements at
// several scales (scale_probe.hpp makes them). Pure functions, so the rules that decide whether a
// finding is "quadratic" or merely "linear and big" are unit-tested on synthetic curves.
//
// Each model is cost = a + b·g(n), a fixed overhead a ≥ 0 plus a growing term, with g one of
// 0 (constant), n (linear), n·ln n, n^k (k fitted) and e^(c·n) (c fitted). Fits weigh every point
// by its relative error, because timing noise is proportional to the time measured and the
// points span orders of magnitude: an absolute fit would be decided by the largest point alone.
//
// The simplest model that fits about as well as the best one is chosen (constant before linear
// before n log n before n^k before exponential): a free exponent always fits noise a little
// better, and a noisy linear curve must not come out as n^1.2, let alone quadratic.
//
//   auto fit = walletfuzz::fuzzers::fit_growth({{64, 0.9e6}, {128, 3.8e6}, {256, 15e6}, ...});
//   if (fit.superlinear()) report(growth_words(fit));  // "quadratic"
//   double at_limit = fit.predict(6'000'000);           // cost at the largest accepted size

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::fuzzers {

enum class GrowthClass { constant, linear, n_log_n, power, exponential };

/// "constant", "linear", "n-log-n", "power", "exponential": the findings.json spelling.
std::string_view growth_class_name(GrowthClass growth) noexcept;
std::optional<GrowthClass> parse_growth_class(std::string_view name) noexcept;

/// One measurement: the request at scale `size` (elements, repetitions, a parameter's value)
/// cost `cost` (nanoseconds, or any positive unit). `censored` marks a run stopped at a limit
/// (the function's timeout): its cost is a lower bound, kept for the record but not fitted.
struct GrowthPoint {
  double size = 0;
  double cost = 0;
  bool censored = false;
};

/// What the fit needs to know about the measurements.
struct FitOptions {
  /// Relative noise of one measured cost (0.1: ±10%). Models whose relative error is within it
  /// are not told apart, and a model is only "confidently" better than a simpler one when it
  /// beats it by more than twice this.
  double noise = 0.1;
};

struct GrowthFit {
  GrowthClass growth = GrowthClass::constant;
  double overhead = 0;     ///< a: the cost that does not grow
  double coefficient = 0;  ///< b: the growing term's factor, in units of g(size / reference)
  double exponent = 0;   ///< k for power (1 for linear); the rate c (per unit size) for exponential
  double reference = 1;  ///< the size g is normalised at (the largest fitted size)
  /// Relative root-mean-square error of the chosen model over the fitted points.
  double relative_error = 0;
  /// How many times worse (relative error) the best simpler model fits; 0 for constant.
  double margin = 0;
  /// Enough points over a wide enough range, and every simpler model clearly worse.
  bool confident = false;
  std::vector<GrowthPoint> points;  ///< what was fitted, censored points included, by size

  /// The fitted cost at `size` (extrapolated beyond the points; +inf when it overflows).
  double predict(double size) const noexcept;
  /// The smallest size from the smallest point up to `limit` whose predicted cost reaches `cost`,
  /// or nullopt when the model does not get there below `limit` (a constant never does).
  std::optional<double> size_for_cost(double cost, double limit) const noexcept;
  /// Growth faster than n log n (power with k ≥ 1.5, or exponential), with confidence: what
  /// makes a slow finding an algorithmic defect rather than a big request.
  bool superlinear() const noexcept;
};

/// Fits `points` (at least two distinct sizes with positive costs; otherwise a constant fit
/// that is not confident).
GrowthFit fit_growth(std::vector<GrowthPoint> points, const FitOptions& options = {});

/// The growth class in words: "constant", "linear", "n log n", "quadratic", "cubic",
/// "n^2.6", "exponential".
std::string growth_words(const GrowthFit& fit);

}  // namespace walletfuzz::fuzzers
