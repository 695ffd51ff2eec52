#include "walletfuzz/fuzzers/growth_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace walletfuzz::fuzzers {
namespace {

constexpr std::array<std::string_view, 5> kGrowthNames = {"constant", "linear", "n-log-n", "power",
                                                    "exponential"};
// Fewer points or a narrower range than this cannot tell the orders apart with confidence: over a
// 2x range, n and n^2 with a fixed overhead are within timing noise of each other.
constexpr std::size_t kConfidentPoints = 4;
constexpr double kConfidentSpan = 4;
// A model is "about as good" as the best one within this factor of its relative error.
constexpr double kTolerance = 1.5;
// A simpler model is "clearly worse" beyond this factor of the chosen one's error (or the noise).
constexpr double kClearMargin = 2;

// The shape of the growing term at `size`, normalised so that it is 1 at `reference`.
double shape(GrowthClass growth, double exponent, double reference, double size) noexcept {
  switch (growth) {
    case GrowthClass::constant:
      return 0;
    case GrowthClass::linear:
      return size / reference;
    case GrowthClass::n_log_n:
      return size * std::log(size + 1) / (reference * std::log(reference + 1));
    case GrowthClass::power:
      return std::pow(size / reference, exponent);
    case GrowthClass::exponential:
      return std::exp(exponent * (size - reference));
  }
  return 0;
}

struct Candidate {
  GrowthClass growth = GrowthClass::constant;
  double overhead = 0;
  double coefficient = 0;
  double exponent = 0;
  double error = std::numeric_limits<double>::infinity();
};

// Least squares of cost = a + b·g with weights 1/cost² (relative error), a, b ≥ 0: a negative
// overhead or a shrinking term would fit noise, not a cost.
Candidate fit_one(const std::vector<GrowthPoint>& points, GrowthClass growth, double exponent,
                  double reference) {
  double sw = 0, sg = 0, sgg = 0, sy = 0, sgy = 0;
  for (const auto& p : points) {
    double w = 1 / (p.cost * p.cost);
    double g = shape(growth, exponent, reference, p.size);
    sw += w;
    sg += w * g;
    sgg += w * g * g;
    sy += w * p.cost;
    sgy += w * g * p.cost;
  }
  Candidate c{.growth = growth, .exponent = exponent};
  double det = sw * sgg - sg * sg;
  if (growth != GrowthClass::constant && det > 0 && std::isfinite(det)) {
    c.overhead = (sgg * sy - sg * sgy) / det;
    c.coefficient = (sw * sgy - sg * sy) / det;
  }
  if (growth == GrowthClass::constant || !(det > 0) || c.coefficient <= 0) {
    c.coefficient = 0;
    c.overhead = sy / sw;
  } else if (c.overhead < 0) {
    c.overhead = 0;
    c.coefficient = sgy / sgg;
  }
  double sum = 0;
  for (const auto& p : points) {
    double predicted = c.overhead + c.coefficient * shape(growth, exponent, reference, p.size);
    double relative = (p.cost - predicted) / p.cost;
    sum += relative * relative;
  }
  c.error = std::sqrt(sum / static_cast<double>(points.size()));
  if (!std::isfinite(c.error)) c.error = std::numeric_limits<double>::infinity();
  return c;
}

// The best exponent of a one-parameter family, by a grid search: the error is not convex in the
// exponent once the overhead is clamped, and a few hundred tiny fits cost microseconds.
Candidate fit_family(const std::vector<GrowthPoint>& points, GrowthClass growth, double reference,
                     double low, double high, bool logarithmic_grid) {
  constexpr int kSteps = 400;
  auto at = [&](double t) {
    return logarithmic_grid ? low * std::pow(high / low, t) : low + (high - low) * t;
  };
  Candidate best;
  int best_step = 0;
  for (int i = 0; i <= kSteps; ++i) {
    Candidate c = fit_one(points, growth, at(static_cast<double>(i) / kSteps), reference);
    if (c.error < best.error) {
      best = c;
      best_step = i;
    }
  }
  // Then finer between the neighbours of the best step, so an exact n^2 comes out as 2.00.
  for (int i = -kSteps / 4; i <= kSteps / 4; ++i) {
    double t = (best_step + 4.0 * i / kSteps) / kSteps;
    if (t < 0 || t > 1) continue;
    Candidate c = fit_one(points, growth, at(t), reference);
    if (c.error < best.error) best = c;
  }
  return best;
}

}  // namespace

std::string_view growth_class_name(GrowthClass growth) noexcept {
  return kGrowthNames[static_cast<std::size_t>(growth)];
}

std::optional<GrowthClass> parse_growth_class(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kGrowthNames.size(); ++i) {
    if (kGrowthNames[i] == name) return static_cast<GrowthClass>(i);
  }
  return std::nullopt;
}

double GrowthFit::predict(double size) const noexcept {
  if (coefficient <= 0) return overhead;  // 0 · inf would be NaN far beyond the points
  double value = overhead + coefficient * shape(growth, exponent, reference, size);
  return std::isnan(value) ? std::numeric_limits<double>::infinity() : value;
}

std::optional<double> GrowthFit::size_for_cost(double cost, double limit) const noexcept {
  if (growth == GrowthClass::constant || coefficient <= 0) return std::nullopt;
  double low = points.empty() ? 1 : points.front().size;
  if (predict(low) >= cost) return low;
  if (limit <= low || predict(limit) < cost) return std::nullopt;
  double high = limit;
  // Every model is increasing in size (a, b ≥ 0), so bisection finds the crossing.
  for (int i = 0; i < 200 && high - low > 1e-9 * high; ++i) {
    double middle = low + (high - low) / 2;
    (predict(middle) >= cost ? high : low) = middle;
  }
  return high;
}

bool GrowthFit::superlinear() const noexcept {
  if (!confident) return false;
  return growth == GrowthClass::exponential || (growth == GrowthClass::power && exponent >= 1.5);
}

GrowthFit fit_growth(std::vector<GrowthPoint> points, const FitOptions& options) {
  std::sort(points.begin(), points.end(),
            [](const GrowthPoint& a, const GrowthPoint& b) { return a.size < b.size; });
  GrowthFit fit;
  fit.points = points;
  std::vector<GrowthPoint> fitted;
  for (const auto& p : points) {
    if (!p.censored && p.cost > 0 && p.size > 0 && std::isfinite(p.cost)) fitted.push_back(p);
  }
  if (fitted.empty()) return fit;
  double smallest = fitted.front().size;
  double largest = fitted.back().size;
  fit.reference = largest;
  std::array<Candidate, 5> candidates;
  candidates[0] = fit_one(fitted, GrowthClass::constant, 0, largest);
  if (largest > smallest) {
    candidates[1] = fit_one(fitted, GrowthClass::linear, 1, largest);
    candidates[2] = fit_one(fitted, GrowthClass::n_log_n, 0, largest);
    candidates[3] = fit_family(fitted, GrowthClass::power, largest, 0.1, 8, false);
    // Rates from "doubles once over the whole range" to "doubles 100 times over it".
    double span = largest - smallest;
    candidates[4] = fit_family(fitted, GrowthClass::exponential, largest, std::log(2.0) / span,
                               100 * std::log(2.0) / span, true);
  }
  double best = std::numeric_limits<double>::infinity();
  for (const auto& c : candidates) best = std::min(best, c.error);
  double tolerance = kTolerance * std::max(best, options.noise);
  std::size_t chosen = 0;
  while (chosen + 1 < candidates.size() && candidates[chosen].error > tolerance) ++chosen;
  const Candidate& c = candidates[chosen];
  fit.growth = c.growth;
  fit.overhead = c.overhead;
  fit.coefficient = c.coefficient;
  fit.exponent = c.growth == GrowthClass::linear ? 1 : c.exponent;
  fit.relative_error = c.error;
  double simpler = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < chosen; ++i) simpler = std::min(simpler, candidates[i].error);
  fit.margin = chosen == 0 ? 0 : simpler / std::max(c.error, options.noise);
  bool enough = fitted.size() >= kConfidentPoints && largest >= kConfidentSpan * smallest;
  fit.confident = enough && (chosen == 0 || fit.margin >= kClearMargin);
  return fit;
}

std::string growth_words(const GrowthFit& fit) {
  switch (fit.growth) {
    case GrowthClass::constant:
      return "constant";
    case GrowthClass::linear:
      return "linear";
    case GrowthClass::n_log_n:
      return "n log n";
    case GrowthClass::exponential:
      return "exponential";
    case GrowthClass::power:
      break;
  }
  double k = fit.exponent;
  if (std::abs(k - 1) < 0.25) return "linear";
  if (std::abs(k - 2) < 0.25) return "quadratic";
  if (std::abs(k - 3) < 0.3) return "cubic";
  char text[32];
  std::snprintf(text, sizeof text, "n^%.1f", k);
  return text;
}

}  // namespace walletfuzz::fuzzers
