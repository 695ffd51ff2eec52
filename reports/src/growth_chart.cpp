#include "growth_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "text_format.hpp"

namespace walletfuzz::reports::detail {
namespace {

constexpr double kChartWidth = 380, kChartHeight = 230;
constexpr double kLeft = 64, kTop = 14, kPlotW = 290, kPlotH = 160;

std::string coordinate(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// Whole decades around [low, high] on one logarithmic axis.
struct Decades {
  double low = 0, high = 1;
  Decades(double min_value, double max_value) {
    low = std::floor(std::log10(std::max(min_value, 1e-12)));
    high = std::ceil(std::log10(std::max(max_value, min_value)));
    if (high <= low) high = low + 1;
  }
  double fraction(double value) const {
    return std::clamp((std::log10(std::max(value, 1e-12)) - low) / (high - low), 0.0, 1.0);
  }
};

std::string axis_text(double x, double y, const std::string& content, const char* anchor) {
  return "<text x=\"" + coordinate(x) + "\" y=\"" + coordinate(y) + "\" text-anchor=\"" + anchor +
         "\" fill=\"#444\" font-size=\"10\">" + html_escape(content) + "</text>";
}

std::string size_label(const formats::GrowthRecord& growth) {
  std::string name = growth.name.empty() ? "" : " " + growth.name;
  if (growth.axis == "array_elements") return "elements of" + name;
  if (growth.axis == "repeated_piece") return "length of" + name;
  return name.empty() ? "value" : name.substr(1);
}

}  // namespace

std::string growth_chart_svg(const formats::GrowthRecord& growth) {
  std::vector<const formats::GrowthPointRecord*> measured;
  for (const auto& p : growth.points) {
    if (p.count > 0 && p.cost_ns > 0) measured.push_back(&p);
  }
  if (measured.size() < 2) return "";
  const formats::WorstCaseRecord& worst = growth.worst_case;
  const bool has_worst = worst.count > 0 && worst.cost_ns > 0;
  double x_min = measured.front()->count, x_max = measured.back()->count;
  double y_min = measured.front()->cost_ns, y_max = y_min;
  for (const auto* p : measured) {
    y_min = std::min(y_min, p->cost_ns);
    y_max = std::max(y_max, p->cost_ns);
  }
  if (has_worst) {
    x_max = std::max(x_max, worst.count);
    y_max = std::max(y_max, worst.cost_ns);
  }
  const Decades xs(x_min, x_max), ys(y_min / 1e6, y_max / 1e6);
  auto x_of = [&](double count) { return kLeft + xs.fraction(count) * kPlotW; };
  auto y_of = [&](double ns) { return kTop + kPlotH - ys.fraction(ns / 1e6) * kPlotH; };

  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart growth\" role=\"img\" width=\"" +
      coordinate(kChartWidth) + "\" height=\"" + coordinate(kChartHeight) + "\" viewBox=\"0 0 " +
      coordinate(kChartWidth) + " " + coordinate(kChartHeight) +
      "\" font-family=\"sans-serif\" font-size=\"11\"><title>" +
      html_escape("Cost against size: " + growth.words) + "</title>";
  for (double e = xs.low; e <= xs.high; ++e) {
    double x = x_of(std::pow(10.0, e));
    svg += "<line x1=\"" + coordinate(x) + "\" y1=\"" + coordinate(kTop) + "\" x2=\"" +
           coordinate(x) + "\" y2=\"" + coordinate(kTop + kPlotH) + "\" stroke=\"#d9dde3\"/>";
    svg += axis_text(x, kTop + kPlotH + 13, format_number(std::pow(10.0, e), 3), "middle");
  }
  for (double e = ys.low; e <= ys.high; ++e) {
    double y = kTop + kPlotH - ys.fraction(std::pow(10.0, e)) * kPlotH;
    svg += "<line x1=\"" + coordinate(kLeft) + "\" y1=\"" + coordinate(y) + "\" x2=\"" +
           coordinate(kLeft + kPlotW) + "\" y2=\"" + coordinate(y) + "\" stroke=\"#d9dde3\"/>";
    svg += axis_text(kLeft - 5, y + 3, format_ms(std::pow(10.0, e)), "end");
  }
  svg += axis_text(kLeft + kPlotW / 2, kTop + kPlotH + 28, size_label(growth) + " (logarithmic)",
                   "middle");
  svg += axis_text(kLeft + kPlotW / 2, kTop + kPlotH + 42,
                   "dots: measured · hollow: hit the timeout · square: at the limits", "middle");
  std::string line;
  for (const auto* p : measured) {
    if (!p->censored) line += coordinate(x_of(p->count)) + "," + coordinate(y_of(p->cost_ns)) + " ";
  }
  svg +=
      "<polyline fill=\"none\" stroke=\"#2e86c1\" stroke-width=\"1.5\" points=\"" + line + "\"/>";
  for (const auto* p : measured) {
    svg += "<circle cx=\"" + coordinate(x_of(p->count)) + "\" cy=\"" +
           coordinate(y_of(p->cost_ns)) + "\" r=\"3.5\" fill=\"" +
           (p->censored ? "#fff" : "#2e86c1") + "\" stroke=\"#2e86c1\"><title>" +
           html_escape(format_number(p->count) + ": " + format_ms(p->cost_ns / 1e6)) +
           "</title></circle>";
  }
  if (has_worst) {
    const auto* last = measured.back();
    double x = x_of(worst.count), y = y_of(worst.cost_ns);
    svg += "<line x1=\"" + coordinate(x_of(last->count)) + "\" y1=\"" +
           coordinate(y_of(last->cost_ns)) + "\" x2=\"" + coordinate(x) + "\" y2=\"" +
           coordinate(y) + "\" stroke=\"#c0392b\" stroke-dasharray=\"4,3\"/>";
    svg += "<rect x=\"" + coordinate(x - 4) + "\" y=\"" + coordinate(y - 4) +
           "\" width=\"8\" height=\"8\" fill=\"#c0392b\"><title>" +
           html_escape("at the limits: " + format_number(worst.count) + ", " +
                       format_ms(worst.cost_ns / 1e6) +
                       (worst.reaches_timeout ? " (the timeout)" : "")) +
           "</title></rect>";
  }
  return svg + "</svg>";
}

}  // namespace walletfuzz::reports::detail
