#include "walletfuzz/fuzzers/scale_probe.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "request_parts.hpp"
#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::fuzzers {
namespace {

using detail::json_value_end;
using detail::make_distinct;
using detail::value_name;
using detail::value_slots;

constexpr std::array<std::string_view, 3> kAxisNames = {"array_elements", "repeated_piece",
                                                        "numeric_value"};
// A run needs this many repetitions to be "the repeated part" rather than "aa" in a word.
constexpr std::size_t kMinRepetitions = 4;
// Steeper than this per doubling (more than cubic), the ×2 scale is likely past the timeout:
// finer steps below ×1 are measured instead, so that the fit still has enough points.
constexpr double kSteepPerDoubling = 8;

// The elements of the JSON array opening at `open`: [begin, end) of each.
std::vector<std::pair<std::size_t, std::size_t>> array_elements(const std::string& text,
                                                                std::size_t open) {
  std::vector<std::pair<std::size_t, std::size_t>> elements;
  std::size_t at = open + 1;
  for (;;) {
    std::size_t begin = text.find_first_not_of(" \t\r\n", at);
    if (begin == std::string::npos || text[begin] == ']') break;
    std::size_t end = json_value_end(text, begin);
    if (end == std::string::npos) break;
    elements.emplace_back(begin, end);
    std::size_t next = text.find_first_not_of(" \t\r\n", end);
    if (next == std::string::npos || text[next] != ',') break;
    at = next + 1;
  }
  return elements;
}

// The array with the most bytes in elements (at least two elements).
std::optional<ScaleAxis> largest_array(const std::string& text, bool in_body) {
  std::optional<ScaleAxis> best;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c != '[') continue;
    auto elements = array_elements(text, i);
    if (elements.size() < 2) continue;
    std::size_t begin = elements.front().first;
    std::size_t end = elements.back().second;
    if (best && end - begin <= best->end - best->begin) continue;
    best = ScaleAxis{.kind = ScaleAxisKind::array_elements,
                     .name = value_name(text, i),
                     .in_body = in_body,
                     .begin = begin,
                     .end = end,
                     .piece = text.substr(elements.front().first,
                                          elements.front().second - elements.front().first),
                     .count = static_cast<double>(elements.size())};
  }
  return best;
}

// The longest run of one piece (1 to 8 bytes) repeated at least kMinRepetitions times.
std::optional<ScaleAxis> longest_run(const std::string& text, bool in_body) {
  std::optional<ScaleAxis> best;
  for (std::size_t period = 1; period <= 8; ++period) {
    std::size_t i = 0;
    while (i + period < text.size()) {
      std::size_t j = i + period;
      while (j < text.size() && text[j] == text[j - period]) ++j;
      std::size_t repetitions = (j - i) / period;
      if (repetitions >= kMinRepetitions &&
          (!best || repetitions * period > best->end - best->begin)) {
        best = ScaleAxis{.kind = ScaleAxisKind::repeated_piece,
                         .name = value_name(text, i),
                         .in_body = in_body,
                         .begin = i,
                         .end = i + repetitions * period,
                         .piece = text.substr(i, period),
                         .count = static_cast<double>(repetitions)};
      }
      i = j > i + period ? j - period + 1 : i + 1;
    }
  }
  // A piece that is itself a repetition ("aa" of "aaaa…") is the shorter piece counted twice.
  return best;
}

// The largest whole number among the values (at least 2).
std::optional<ScaleAxis> largest_number(const std::string& text, bool in_body) {
  std::optional<ScaleAxis> best;
  for (const auto& slot : value_slots(text)) {
    std::size_t end = slot.end;
    if (end == slot.begin || end - slot.begin > 15) continue;
    std::string digits = text.substr(slot.begin, end - slot.begin);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    double value = std::stod(digits);
    if (value < 2 || (best && value <= best->count)) continue;
    best = ScaleAxis{.kind = ScaleAxisKind::numeric_value,
                     .name = value_name(text, slot.begin),
                     .in_body = in_body,
                     .begin = slot.begin,
                     .end = end,
                     .count = value};
  }
  return best;
}

std::size_t covered(const std::optional<ScaleAxis>& axis) {
  return axis ? axis->end - axis->begin : 0;
}

std::string rescale(const std::string& text, const ScaleAxis& axis, std::size_t count) {
  std::string middle;
  switch (axis.kind) {
    case ScaleAxisKind::array_elements: {
      std::size_t open = text.rfind('[', axis.begin);
      auto elements = array_elements(text, open);
      for (std::size_t j = 0; j < count && !elements.empty(); ++j) {
        const auto& [b, e] = elements[j % elements.size()];
        std::string element = text.substr(b, e - b);
        if (j >= elements.size()) element = make_distinct(element, j);
        middle += (j == 0 ? "" : ",") + element;
      }
      break;
    }
    case ScaleAxisKind::repeated_piece:
      for (std::size_t j = 0; j < count; ++j) middle += axis.piece;
      break;
    case ScaleAxisKind::numeric_value:
      middle = std::to_string(count);
      break;
  }
  return text.substr(0, axis.begin) + middle + text.substr(axis.end);
}

// One request at the limits (scale_probe.hpp WorstCase), from the fit and the request's size as
// a linear function of the axis's count.
WorstCase worst_case(const ProbeResult& result, const ProbeLimits& limits) {
  const GrowthFit& fit = result.fit;
  const auto& sizes = result.request_bytes;
  const double first_count = fit.points.front().size;
  const double last_count = fit.points.back().size;
  double per_unit =
      last_count > first_count ? (sizes.back() - sizes.front()) / (last_count - first_count) : 0;
  double fixed = sizes.front() - per_unit * first_count;
  WorstCase worst;
  if (result.axis.kind == ScaleAxisKind::numeric_value || per_unit <= 0) {
    // The request keeps its size: the limit is the number itself. Unbounded, any cost up to the
    // timeout is one request away.
    worst.request_bytes = sizes.back();
    worst.count = result.axis.count;
    if (result.unbounded) {
      worst.timeout_count = fit.size_for_cost(limits.timeout_ns, 1e15);
      if (worst.timeout_count) {
        worst.count = *worst.timeout_count;
        worst.timeout_request_bytes = worst.request_bytes;
      }
    }
  } else {
    worst.request_bytes = limits.max_request_bytes;
    worst.count = std::max(last_count, (limits.max_request_bytes - fixed) / per_unit);
    worst.timeout_count = fit.size_for_cost(limits.timeout_ns, worst.count);
    if (worst.timeout_count) worst.timeout_request_bytes = fixed + per_unit * *worst.timeout_count;
  }
  // A measurement that reached the timeout is a fact, where the fit's timeout size is an
  // extrapolation: the smaller of the two is where every request bills the whole timeout.
  for (std::size_t i = 0; i < fit.points.size(); ++i) {
    if (!fit.points[i].censored) continue;
    if (!worst.timeout_count || fit.points[i].size <= *worst.timeout_count) {
      worst.timeout_count = fit.points[i].size;
      worst.timeout_request_bytes = sizes[i];
      worst.timeout_measured = true;
    }
    break;  // the points are by size: the first censored one is the smallest
  }
  if (per_unit <= 0 && worst.timeout_measured) worst.count = *worst.timeout_count;
  worst.cost_ns = worst.timeout_count ? limits.timeout_ns : fit.predict(worst.count);
  worst.reaches_timeout = worst.cost_ns >= limits.timeout_ns;
  worst.cost_ns = std::min(worst.cost_ns, limits.timeout_ns);
  worst.billed_ms = std::ceil(worst.cost_ns / 1e6);
  return worst;
}

}  // namespace

std::string_view scale_axis_name(ScaleAxisKind kind) noexcept {
  return kAxisNames[static_cast<std::size_t>(kind)];
}

std::optional<ScaleAxis> find_scale_axis(std::string_view request_bytes) {
  ParseOutcome parsed = parse_request(request_bytes);
  if (!parsed.request) return std::nullopt;
  std::optional<ScaleAxis> repeated;
  std::optional<ScaleAxis> number;
  std::size_t part_bytes = 0;
  for (bool in_body : {true, false}) {
    std::string part(in_body ? std::string_view(parsed.request->body) : parsed.request->query());
    part_bytes += part.size();
    for (auto candidate : {largest_array(part, in_body), longest_run(part, in_body)}) {
      if (covered(candidate) > covered(repeated)) repeated = candidate;
    }
    auto n = largest_number(part, in_body);
    if (n && (!number || n->count > number->count)) number = n;
  }
  if (repeated && covered(repeated) * 4 >= part_bytes) return repeated;
  if (number) return number;
  return repeated;
}

std::optional<std::string> rebuild_at(std::string_view request_bytes, const ScaleAxis& axis,
                                      double count) {
  ParseOutcome parsed = parse_request(request_bytes);
  if (!parsed.request) return std::nullopt;
  Request request = std::move(*parsed.request);
  auto whole = static_cast<std::size_t>(std::max(1.0, std::round(count)));
  if (axis.in_body) {
    request.body = rescale(request.body, axis, whole);
  } else {
    std::string path(request.path());
    request.target = path + "?" + rescale(std::string(request.query()), axis, whole);
  }
  return serialize_request(request);
}

std::optional<ProbeResult> probe_scaling(std::string_view request_bytes, const ProbeLimits& limits,
                                         const ProbeMeasure& measure) {
  auto axis = find_scale_axis(request_bytes);
  if (!axis) return std::nullopt;
  ProbeResult result{.axis = *axis};
  struct Point {
    double count;
    double bytes;
    ProbeMeasurement measured;
  };
  std::vector<Point> points;
  auto measured_at = [&](double scale) -> std::optional<double> {
    double count = std::max(1.0, std::round(axis->count * scale));
    for (const auto& p : points) {
      if (p.count == count && !p.measured.timed_out) return p.measured.cost_ns;
    }
    return std::nullopt;
  };
  // Builds and measures the scales not measured yet, in one call of `measure`.
  auto run = [&](const std::vector<double>& scales) {
    std::vector<double> counts;
    std::vector<std::string> requests;
    for (double scale : scales) {
      double count = std::max(1.0, std::round(axis->count * scale));
      bool known = std::any_of(points.begin(), points.end(),
                               [&](const Point& p) { return p.count == count; }) ||
                   std::find(counts.begin(), counts.end(), count) != counts.end();
      if (known) continue;
      auto request = rebuild_at(request_bytes, *axis, count);
      if (!request || static_cast<double>(request->size()) > limits.max_measured_bytes) continue;
      counts.push_back(count);
      requests.push_back(std::move(*request));
    }
    if (requests.empty()) return;
    std::vector<ProbeMeasurement> measured = measure(requests);
    result.measured_runs += static_cast<int>(requests.size());
    for (std::size_t i = 0; i < counts.size() && i < measured.size(); ++i) {
      if (measured[i].cost_ns) {
        points.push_back(
            {counts[i], static_cast<double>(requests[i].size()), std::move(measured[i])});
      }
    }
  };
  auto reached_timeout = [&] {
    return std::any_of(points.begin(), points.end(),
                       [](const Point& p) { return p.measured.timed_out; });
  };
  run({0.25, 0.5, 1});
  auto half = measured_at(0.5);
  auto whole = measured_at(1);
  double per_doubling = half && whole && *half > 0 ? *whole / *half : 2;
  if (per_doubling > kSteepPerDoubling) run({0.375, 0.625, 0.75, 0.875});
  // Larger scales one at a time, as far as the growth so far says they stay well under the
  // timeout, and never past a scale that reached it: a run past it costs the whole timeout,
  // several times over, and tells nothing more than that the timeout was reached.
  if (whole) {
    double predicted = *whole;
    for (double scale = 2; scale <= limits.max_scale; scale *= 2) {
      predicted *= std::max(per_doubling, 1.0);
      if (predicted > limits.timeout_ns / 2) break;
      run({scale});
      if (reached_timeout()) break;
    }
  }
  // Steep growth: finer steps above ×1 too, while they stay well under the timeout. The top of
  // the range is where an exponential and a high power part ways; below ×1 both are buried in
  // the fixed overhead. Extrapolated as an exponential (the steeper guess above ×1).
  if (whole && per_doubling > kSteepPerDoubling && !reached_timeout()) {
    for (double scale : {1.125, 1.25, 1.5}) {
      if (*whole * std::pow(per_doubling, 2 * (scale - 1)) > limits.timeout_ns / 2) break;
      run({scale});
      if (reached_timeout()) break;
    }
  }
  std::sort(points.begin(), points.end(),
            [](const Point& a, const Point& b) { return a.count < b.count; });
  std::vector<GrowthPoint> growth;
  std::size_t fitted = 0;
  for (const auto& p : points) {
    growth.push_back({p.count, *p.measured.cost_ns, p.measured.timed_out});
    result.request_bytes.push_back(p.bytes);
    fitted += p.measured.timed_out ? 0 : 1;
  }
  if (fitted < 2) return std::nullopt;
  result.fit = fit_growth(std::move(growth));
  result.superlinear = result.fit.superlinear();
  const GrowthPoint& first = result.fit.points.front();
  const GrowthPoint& last = result.fit.points.back();
  const bool numeric = axis->kind == ScaleAxisKind::numeric_value;
  result.unbounded = numeric && result.fit.confident &&
                     result.fit.growth != GrowthClass::constant && last.cost >= 2 * first.cost;
  result.worst = worst_case(result, limits);
  return result;
}

formats::GrowthRecord growth_record(const ProbeResult& result) {
  formats::GrowthRecord g{.axis = std::string(scale_axis_name(result.axis.kind)),
                          .name = result.axis.name,
                          .growth_class = std::string(growth_class_name(result.fit.growth)),
                          .exponent = result.fit.exponent,
                          .words = growth_phrase(result),
                          .confident = result.fit.confident,
                          .superlinear = result.superlinear,
                          .unbounded = result.unbounded,
                          .relative_error = result.fit.relative_error};
  for (std::size_t i = 0; i < result.fit.points.size(); ++i) {
    const GrowthPoint& p = result.fit.points[i];
    g.points.push_back(
        {.count = p.size,
         .request_bytes = i < result.request_bytes.size() ? result.request_bytes[i] : 0,
         .cost_ns = p.cost,
         .censored = p.censored});
  }
  const WorstCase& w = result.worst;
  g.worst_case = {.request_bytes = w.request_bytes,
                  .count = w.count,
                  .cost_ns = w.cost_ns,
                  .billed_ms = w.billed_ms,
                  .reaches_timeout = w.reaches_timeout,
                  .timeout_request_bytes = w.timeout_request_bytes,
                  .timeout_count = w.timeout_count,
                  .timeout_measured = w.timeout_measured};
  return g;
}

double amplification_at_limits(const ProbeResult& result, double baseline_ns,
                               double baseline_request_bytes) noexcept {
  if (baseline_ns <= 0 || baseline_request_bytes <= 0 || result.worst.request_bytes <= 0) return 0;
  return (result.worst.cost_ns / result.worst.request_bytes) /
         (baseline_ns / baseline_request_bytes);
}

bool apply_probe(Finding& f, const std::optional<ProbeResult>& result, bool size_only) {
  if (!result) return !size_only;
  const bool grows = result->superlinear || result->unbounded;
  if (size_only && !grows) return false;
  f.growth = growth_record(*result);
  f.summary += "; " + growth_phrase(*result);
  if (result->fit.confident) {
    double at_limits = amplification_at_limits(*result, static_cast<double>(f.baseline_median_ns),
                                               static_cast<double>(f.baseline_request_bytes));
    f.size_aware_amplification = std::max(f.size_aware_amplification.value_or(0), at_limits);
  }
  return true;
}

std::string growth_phrase(const ProbeResult& result) {
  std::string name = result.axis.name.empty() ? "" : "`" + result.axis.name + "`";
  std::string subject;
  switch (result.axis.kind) {
    case ScaleAxisKind::array_elements:
      subject = name.empty() ? "the number of array elements" : "the number of " + name;
      break;
    case ScaleAxisKind::repeated_piece:
      subject = name.empty() ? "the length of a repeated string" : "the length of " + name;
      break;
    case ScaleAxisKind::numeric_value:
      subject = name.empty() ? "a number in the request" : name;
      break;
  }
  std::string phrase = growth_words(result.fit) + " in " + subject;
  if (result.unbounded) phrase += ", unbounded";
  if (!result.fit.confident) phrase += " (not confident)";
  return phrase;
}

}  // namespace walletfuzz::fuzzers
