#include "walletfuzz/fuzzers/growth_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

namespace walletfuzz::fuzzers {
namespace {

// The scales triage probes (×1/4 … ×4 of a fuzzed size), costs from `curve` with multiplicative
// noise of `noise` (log-normal, fixed seed), as timing noise is.
std::vector<GrowthPoint> curve_points(const std::function<double(double)>& curve,
                                      std::vector<double> sizes, double noise, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<double> normal(0, noise);
  std::vector<GrowthPoint> points;
  for (double n : sizes) points.push_back({n, curve(n) * std::exp(normal(random))});
  return points;
}

const std::vector<double> kScales = {100, 200, 400, 800, 1600};
constexpr int kSeeds = 300;

TEST(growth_fit_test, a_noisy_constant_curve_is_constant) {
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    auto fit = fit_growth(curve_points([](double) { return 5e4; }, kScales, 0.1, seed));
    EXPECT_EQ(fit.growth, GrowthClass::constant) << "seed " << seed;
    EXPECT_FALSE(fit.superlinear());
  }
}

TEST(growth_fit_test, a_noisy_linear_curve_is_never_called_quadratic) {
  // A fixed overhead plus linear parsing, as in the sample app's fixed import-contacts.
  auto linear = [](double n) { return 2e4 + 300 * n; };
  int called_linear = 0;
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    for (double noise : {0.05, 0.1, 0.2}) {
      auto fit = fit_growth(curve_points(linear, kScales, noise, seed), {.noise = noise});
      EXPECT_FALSE(fit.superlinear()) << "seed " << seed << " noise " << noise;
      EXPECT_NE(growth_words(fit), "quadratic") << "seed " << seed << " noise " << noise;
      if (growth_words(fit) == "linear") ++called_linear;
    }
  }
  // The fit may hesitate towards n log n at high noise, but mostly says what the curve is.
  EXPECT_GT(called_linear, 3 * kSeeds * 9 / 10);
}

TEST(growth_fit_test, an_n_log_n_curve_is_not_superlinear) {
  auto n_log_n = [](double n) { return 1e4 + 50 * n * std::log(n); };
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    auto fit = fit_growth(curve_points(n_log_n, kScales, 0.1, seed));
    EXPECT_FALSE(fit.superlinear()) << "seed " << seed;
    EXPECT_NE(fit.growth, GrowthClass::exponential);
  }
}

TEST(growth_fit_test, a_noisy_quadratic_curve_is_quadratic_with_confidence) {
  // The vulnerable de-duplication: a linear parse plus a quadratic term that dominates at ×4.
  auto quadratic = [](double n) { return 2e4 + 300 * n + 2 * n * n; };
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    auto fit = fit_growth(curve_points(quadratic, kScales, 0.1, seed));
    EXPECT_TRUE(fit.superlinear()) << "seed " << seed;
    EXPECT_EQ(fit.growth, GrowthClass::power) << "seed " << seed;
    EXPECT_NEAR(fit.exponent, 2, 0.5) << "seed " << seed;
  }
}

TEST(growth_fit_test, a_noisy_exponential_curve_is_exponential) {
  // Backtracking on a username of n characters: each one more doubles the work.
  auto exponential = [](double n) { return 1e3 + 5 * std::pow(2.0, n); };
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    auto fit = fit_growth(curve_points(exponential, {6, 9, 12, 16, 20, 24}, 0.1, seed));
    EXPECT_EQ(fit.growth, GrowthClass::exponential) << "seed " << seed;
    EXPECT_TRUE(fit.superlinear()) << "seed " << seed;
    EXPECT_EQ(growth_words(fit), "exponential");
    EXPECT_NEAR(fit.exponent, std::log(2.0), 0.1) << "seed " << seed;
  }
}

TEST(growth_fit_test, an_exact_quadratic_extrapolates_to_the_limits) {
  auto fit = fit_growth(curve_points([](double n) { return 3 * n * n; }, kScales, 0, 1));
  ASSERT_EQ(growth_words(fit), "quadratic");
  EXPECT_NEAR(fit.predict(10'000) / 3e8, 1, 0.01);
  // Where one request reaches a 3e8 "timeout": n = 10,000.
  auto at = fit.size_for_cost(3e8, 1e6);
  ASSERT_TRUE(at.has_value());
  EXPECT_NEAR(*at, 10'000, 10);
  EXPECT_FALSE(fit.size_for_cost(3e14, 1e6).has_value());  // only beyond the limit
}

TEST(growth_fit_test, a_constant_never_reaches_a_timeout) {
  auto fit = fit_growth(curve_points([](double) { return 7.0; }, kScales, 0, 1));
  EXPECT_FALSE(fit.size_for_cost(100, 1e9).has_value());
  EXPECT_EQ(fit.predict(1e12), fit.overhead);
}

TEST(growth_fit_test, censored_points_are_kept_but_not_fitted) {
  auto points = curve_points([](double n) { return 10 * n; }, kScales, 0, 1);
  points.push_back({3200, 1e3, true});  // stopped at a limit: a lower bound, far off the line
  auto fit = fit_growth(points);
  EXPECT_EQ(fit.growth, GrowthClass::linear);
  EXPECT_EQ(fit.points.size(), 6u);
  EXPECT_TRUE(fit.points.back().censored);
}

TEST(growth_fit_test, too_few_points_or_too_narrow_a_range_is_not_confident) {
  auto quadratic = [](double n) { return n * n; };
  EXPECT_FALSE(fit_growth(curve_points(quadratic, {100, 200, 400}, 0, 1)).confident);
  EXPECT_FALSE(fit_growth(curve_points(quadratic, {100, 120, 150, 180}, 0, 1)).confident);
  EXPECT_FALSE(fit_growth({}).superlinear());
  EXPECT_FALSE(fit_growth({{5, 1}}).superlinear());
}

TEST(growth_fit_test, class_names_round_trip) {
  for (auto g : {GrowthClass::constant, GrowthClass::linear, GrowthClass::n_log_n,
                 GrowthClass::power, GrowthClass::exponential}) {
    EXPECT_EQ(parse_growth_class(growth_class_name(g)), g);
  }
  EXPECT_FALSE(parse_growth_class("quadratic").has_value());
}

}  // namespace
}  // namespace walletfuzz::fuzzers
