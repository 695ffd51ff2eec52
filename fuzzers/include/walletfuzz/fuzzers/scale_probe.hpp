#pragma once
// Scale probing: how the cost of a slow request grows with its size. Triage rebuilds the request
// with its repeated part at several scales (×1/4, ×1/2, ×1, ×2, ×4, finer steps when the cost is
// steep), measures each, fits the order of growth (growth_fit.hpp) and extrapolates to the
// limits: the largest request the platform accepts and the function's timeout.
//
// The repeated part is what the request-aware mutator grows (request_mutator.hpp): an array's
// elements (copies made distinct), a repeated piece of a string, or a number. A number that
// scales the cost while the request keeps its size is a missing bound: "unbounded".
//
// The measuring is injected (triage runs the target's measure mode in a child process; tests
// pass a cost function), so the whole procedure is unit-tested.
//
//   auto result = walletfuzz::fuzzers::probe_scaling(request, limits, measure_in_child);
//   if (result && result->fit.superlinear()) summary += " (" + growth_phrase(*result) + ")";

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/fuzzers/growth_fit.hpp"
#include "walletfuzz/fuzzers/triage.hpp"

namespace walletfuzz::fuzzers {

enum class ScaleAxisKind { array_elements, repeated_piece, numeric_value };

/// "array_elements", "repeated_piece", "numeric_value" (findings.json's growth.axis).
std::string_view scale_axis_name(ScaleAxisKind kind) noexcept;

/// The part of a request that probing scales.
struct ScaleAxis {
  ScaleAxisKind kind = ScaleAxisKind::array_elements;
  std::string name;       ///< the JSON key or parameter holding it ("contacts", "limit"); may be ""
  bool in_body = true;    ///< else in the query string
  std::size_t begin = 0;  ///< byte range in the body or query: the elements, the run, the digits
  std::size_t end = 0;
  std::string piece;  ///< repeated_piece: the unit repeated
  double count = 0;   ///< at ×1: elements, repetitions, or the number's value
};

/// The repeated part of `request_bytes` (a request file), or nullopt when it has none: the array
/// or repeated piece covering the most bytes when it covers at least a quarter of the body or
/// query, else the largest number (at least 2), else the larger array or piece.
std::optional<ScaleAxis> find_scale_axis(std::string_view request_bytes);

/// The request with `axis` at `count` (rounded, at least 1): the first elements kept or copies of
/// them added (made distinct), the piece repeated `count` times, or the number replaced.
/// Content-Length is rewritten. nullopt when the request does not parse.
std::optional<std::string> rebuild_at(std::string_view request_bytes, const ScaleAxis& axis,
                                      double count);

/// What one measurement of a rebuilt request gave.
struct ProbeMeasurement {
  std::optional<double> cost_ns;  ///< median wall time; none when the run failed or was refused
  bool timed_out = false;         ///< stopped at the function's timeout (cost is a lower bound)
};
/// Measures requests (one process for all of them in triage), in order.
using ProbeMeasure =
    std::function<std::vector<ProbeMeasurement>(const std::vector<std::string>& requests)>;

struct ProbeLimits {
  double timeout_ns = 3e9;             ///< the function's timeout
  double max_request_bytes = 6291456;  ///< the largest request the platform accepts
  /// The largest request probing runs (the harness refuses bigger bodies); beyond it, and where
  /// a run would take more than half the timeout, the cost is extrapolated, not measured.
  double max_measured_bytes = 262144;
  double max_scale = 4;  ///< the largest multiple of the fuzzed size measured
};

/// One request at the limits, from the fit.
struct WorstCase {
  double request_bytes = 0;  ///< the largest accepted request (the same request for a number)
  double count = 0;          ///< the axis at that size (elements, repetitions, the number)
  double cost_ns = 0;        ///< predicted, at most the timeout (the platform stops it there)
  double billed_ms = 0;      ///< cost rounded up to a whole millisecond
  bool reaches_timeout = false;
  /// The smallest request (bytes, and the axis's count) at which one request bills the whole
  /// timeout; none when the fit never gets there within the limits.
  std::optional<double> timeout_request_bytes;
  std::optional<double> timeout_count;
  /// The timeout size is a measurement that reached the timeout, not the fit's extrapolation.
  bool timeout_measured = false;
};

struct ProbeResult {
  ScaleAxis axis;
  GrowthFit fit;  ///< cost (ns) against the axis's count; the points are the measurements
  std::vector<double> request_bytes;  ///< of each fitted point, in the fit's order
  bool superlinear = false;           ///< fit.superlinear()
  /// A number scales the cost (with confidence) while the request keeps its size.
  bool unbounded = false;
  WorstCase worst;
  int measured_runs = 0;  ///< requests measured, for the triage-time account
};

/// Probes `request_bytes`: nullopt when it has no repeated part or too few scales could be
/// measured to fit anything.
std::optional<ProbeResult> probe_scaling(std::string_view request_bytes, const ProbeLimits& limits,
                                         const ProbeMeasure& measure);

/// The result as findings.json keeps it (growth).
formats::GrowthRecord growth_record(const ProbeResult& result);

/// The size-aware amplification of one request at the limits (worst.cost_ns per worst byte
/// against the baseline's cost per byte); 0 without a baseline.
double amplification_at_limits(const ProbeResult& result, double baseline_ns,
                               double baseline_request_bytes) noexcept;

/// What probing makes of a slow finding in triage. `size_only`: the slow verdict said its cost
/// is normal work for its size (triage.hpp slow_verdict). Returns false when the finding should
/// be dropped: slow only for its size, and not growing faster than it (nor unbounded), or not
/// probed at all. A kept finding gets its growth, the growth in words after its summary and,
/// with a confident fit, its size-aware amplification raised to the one at the limits.
bool apply_probe(Finding& f, const std::optional<ProbeResult>& result, bool size_only);

/// The growth in words, for summaries and reports: "quadratic in the number of `contacts`",
/// "exponential in the length of `username`", "linear in `limit`, unbounded".
std::string growth_phrase(const ProbeResult& result);

}  // namespace walletfuzz::fuzzers
