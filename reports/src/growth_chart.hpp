#pragma once
// The small log-log chart of a slow finding's cost against its size: the scales probing
// measured, and the worst case at the limits it extrapolated to (findings.json growth). On
// logarithmic axes a power law is a straight line whose slope is its exponent, so a reader sees
// "quadratic" as twice the slope of "linear", and an exponential as a curve bending upwards.

#include <string>

#include "walletfuzz/formats/findings.hpp"

namespace walletfuzz::reports::detail {

/// An inline SVG (no script), or "" when there are fewer than two measured points.
std::string growth_chart_svg(const formats::GrowthRecord& growth);

}  // namespace walletfuzz::reports::detail
