#include "svg_charts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "text_format.hpp"

namespace walletfuzz::reports::detail {

namespace {

constexpr double kWidth = 760;
constexpr double kLabelWidth = 230;
constexpr double kPlotWidth = 400;
constexpr const char* kNeutral = "#5b7fa6";
constexpr const char* kAlert = "#c0392b";
constexpr const char* kGrid = "#d9dde3";
constexpr std::array<const char*, 6> kSeriesColours{"#c0392b", "#2e86c1", "#d68910",
                                                    "#7d3c98", "#1e8449", "#566573"};

std::string num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string shorten(const std::string& label, std::size_t max_chars = 34) {
  if (label.size() <= max_chars) return label;
  // Cut on a UTF-8 boundary so the ellipsis never splits a character.
  std::size_t cut = max_chars - 1;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
  return label.substr(0, cut) + "\xE2\x80\xA6";
}

std::string text(double x, double y, const std::string& content, const char* anchor = "start",
                 const char* extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" + extra +
         ">" + html_escape(content) + "</text>";
}

std::string open_svg(double height, const std::string& title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" +
         num(kWidth) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(kWidth) + " " +
         num(height) + "\" font-family=\"sans-serif\" font-size=\"12\"><title>" +
         html_escape(title) + "</title>";
}

// A logarithmic axis over whole decades covering [low, high].
struct LogAxis {
  double low_decade = 0, high_decade = 1;
  LogAxis(double low, double high) {
    low = std::max(low, 1e-12);
    high = std::max(high, low);
    low_decade = std::floor(std::log10(low));
    high_decade = std::ceil(std::log10(high));
    if (high_decade <= low_decade) high_decade = low_decade + 1;
  }
  double fraction(double value) const {
    if (value <= 0) return 0;
    double f = (std::log10(value) - low_decade) / (high_decade - low_decade);
    return std::clamp(f, 0.0, 1.0);
  }
};

// 1, 2, 5 x 10^n at or above `value`.
double nice_ceiling(double value) {
  if (value <= 0) return 1;
  double decade = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (value <= step * decade) return step * decade;
  }
  return 10 * decade;
}

std::string decade_label(double exponent, bool dollars) {
  double value = std::pow(10.0, exponent);
  if (dollars) return format_usd(value);
  return format_number(value, 3);
}

}  // namespace

std::string bar_chart_svg(const std::string& title, const std::string& axis_label,
                          const std::vector<Bar>& bars, std::optional<double> threshold) {
  const double row = 22, top = 10, axis_height = 36;
  double height = top + row * static_cast<double>(bars.size()) + axis_height;
  double low = 0, high = 0;
  for (const Bar& bar : bars) {
    if (bar.value > 0) low = low == 0 ? bar.value : std::min(low, bar.value);
    high = std::max(high, bar.value);
  }
  if (threshold) high = std::max(high, *threshold);
  bool logarithmic = low > 0 && high / low > 100;
  LogAxis log_axis(low, high);
  double linear_max = nice_ceiling(high);
  auto x_of = [&](double value) {
    double f = logarithmic ? log_axis.fraction(value) : std::clamp(value / linear_max, 0.0, 1.0);
    return kLabelWidth + f * kPlotWidth;
  };

  std::string svg = open_svg(height, title);
  double axis_y = top + row * static_cast<double>(bars.size());
  // Grid and tick labels.
  std::vector<std::pair<double, std::string>> ticks;
  if (logarithmic) {
    for (double e = log_axis.low_decade; e <= log_axis.high_decade; ++e) {
      ticks.emplace_back(std::pow(10.0, e), decade_label(e, false));
    }
  } else {
    for (int i = 0; i <= 4; ++i) {
      double value = linear_max * i / 4;
      ticks.emplace_back(value, format_number(value, 3));
    }
  }
  for (const auto& [value, label] : ticks) {
    double x = x_of(value);
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(axis_y) + "\" stroke=\"" + kGrid + "\"/>";
    svg += text(x, axis_y + 14, label, "middle", " fill=\"#444\"");
  }
  svg += text(kLabelWidth + kPlotWidth / 2, axis_y + 30,
              axis_label + (logarithmic ? " (logarithmic scale)" : ""), "middle", " fill=\"#444\"");
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    double y = top + row * static_cast<double>(i);
    double start = logarithmic ? kLabelWidth : x_of(0);
    double end = x_of(bar.value);
    svg += text(kLabelWidth - 8, y + 15, shorten(bar.label), "end");
    svg += "<rect x=\"" + num(start) + "\" y=\"" + num(y + 4) + "\" width=\"" +
           num(std::max(end - start, 1.0)) + "\" height=\"" + num(row - 8) + "\" fill=\"" +
           (bar.emphasised ? kAlert : kNeutral) + "\"><title>" + html_escape(bar.label) + ": " +
           html_escape(bar.value_label) + "</title></rect>";
    svg += text(std::max(end, start + 1) + 6, y + 15, bar.value_label);
  }
  if (threshold) {
    double x = x_of(*threshold);
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(top - 6) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(axis_y) + "\" stroke=\"#111\" stroke-dasharray=\"5,3\"/>";
    svg += text(x + 4, top + 2, "gate limit", "start", " fill=\"#111\" font-size=\"10\"");
  }
  svg += "</svg>";
  return svg;
}

std::string latency_chart_svg(const std::vector<LatencyRow>& rows) {
  const double row = 34, top = 30, axis_height = 40;
  double height = top + row * static_cast<double>(rows.size()) + axis_height;
  double low = 0, high = 0;
  for (const LatencyRow& entry : rows) {
    for (const auto* set : {&entry.corrected, &entry.uncorrected}) {
      for (const auto& [key, value] : *set) {
        if (value > 0) low = low == 0 ? value : std::min(low, value);
        high = std::max(high, value);
      }
    }
  }
  LogAxis axis(low > 0 ? low : 0.1, high > 0 ? high : 1);
  auto x_of = [&](double value) { return kLabelWidth + axis.fraction(value) * kPlotWidth; };
  std::string svg = open_svg(height, "Latency percentiles by class, corrected and uncorrected");
  // Legend.
  svg += "<circle cx=\"" + num(kLabelWidth) + "\" cy=\"10\" r=\"4\" fill=\"#1f4e79\"/>";
  svg += text(kLabelWidth + 8, 14, "corrected (from each request's due time)");
  svg += "<circle cx=\"" + num(kLabelWidth + 270) +
         "\" cy=\"10\" r=\"4\" fill=\"#fff\" stroke=\"#d68910\" stroke-width=\"2\"/>";
  svg += text(kLabelWidth + 278, 14, "uncorrected (as sent)");
  double axis_y = top + row * static_cast<double>(rows.size());
  for (double e = axis.low_decade; e <= axis.high_decade; ++e) {
    double x = x_of(std::pow(10.0, e));
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(axis_y) + "\" stroke=\"" + kGrid + "\"/>";
    svg += text(x, axis_y + 14, format_ms(std::pow(10.0, e)), "middle", " fill=\"#444\"");
  }
  svg += text(kLabelWidth + kPlotWidth / 2, axis_y + 32,
              "latency, ms (logarithmic); marks at p50, p90, p99, p99.9 — larger mark = p99",
              "middle", " fill=\"#444\"");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const LatencyRow& entry = rows[i];
    double y = top + row * static_cast<double>(i);
    svg += text(kLabelWidth - 8, y + 20, shorten(entry.label), "end");
    auto draw = [&](const std::vector<std::pair<std::string, double>>& points, double line_y,
                    bool filled) {
      if (points.empty()) return;
      double first = x_of(points.front().second), last = x_of(points.back().second);
      const char* colour = filled ? "#1f4e79" : "#d68910";
      svg += "<line x1=\"" + num(first) + "\" y1=\"" + num(line_y) + "\" x2=\"" + num(last) +
             "\" y2=\"" + num(line_y) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
      for (const auto& [key, value] : points) {
        double radius = key == "p99" ? 5.5 : 3.5;
        svg += "<circle cx=\"" + num(x_of(value)) + "\" cy=\"" + num(line_y) + "\" r=\"" +
               num(radius) + "\" fill=\"" + (filled ? colour : "#fff") + "\" stroke=\"" + colour +
               "\" stroke-width=\"2\"><title>" + html_escape(entry.label) + " " +
               (filled ? "corrected " : "uncorrected ") + html_escape(key) + ": " +
               html_escape(format_ms(value)) + "</title></circle>";
      }
    };
    draw(entry.corrected, y + 10, true);
    draw(entry.uncorrected, y + 24, false);
  }
  svg += "</svg>";
  return svg;
}

std::string log_log_chart_svg(const LogLogChart& chart) {
  const double top = 20, plot_height = 260, left = 90, plot_width = 460;
  const double legend_height = 18 * static_cast<double>(chart.lines.size());
  const double height = top + plot_height + 50 + legend_height;
  double x_low = 0, x_high = 0, y_low = 0, y_high = 0;
  for (const ChartLine& line : chart.lines) {
    for (const auto& [x, y] : line.points) {
      if (x > 0) x_low = x_low == 0 ? x : std::min(x_low, x);
      x_high = std::max(x_high, x);
      if (y > 0) y_low = y_low == 0 ? y : std::min(y_low, y);
      y_high = std::max(y_high, y);
    }
  }
  if (chart.marker_x) x_high = std::max(x_high, *chart.marker_x);
  const LogAxis x_axis(x_low > 0 ? x_low : 1, x_high > 0 ? x_high : 10);
  const LogAxis y_axis(y_low > 0 ? y_low : 0.001, y_high > 0 ? y_high : 1);
  auto x_of = [&](double x) { return left + x_axis.fraction(x) * plot_width; };
  auto y_of = [&](double y) { return top + plot_height - y_axis.fraction(y) * plot_height; };

  std::string svg = open_svg(height, chart.title);
  for (double e = x_axis.low_decade; e <= x_axis.high_decade; ++e) {
    double x = x_of(std::pow(10.0, e));
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(top + plot_height) + "\" stroke=\"" + kGrid + "\"/>";
    svg += text(x, top + plot_height + 14, decade_label(e, false), "middle", " fill=\"#444\"");
  }
  for (double e = y_axis.low_decade; e <= y_axis.high_decade; ++e) {
    double y = y_of(std::pow(10.0, e));
    svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(left + plot_width) +
           "\" y2=\"" + num(y) + "\" stroke=\"" + kGrid + "\"/>";
    svg += text(left - 6, y + 4, decade_label(e, true), "end", " fill=\"#444\"");
  }
  svg += text(left + plot_width / 2, top + plot_height + 32, chart.x_label + " (logarithmic)",
              "middle", " fill=\"#444\"");
  svg += text(
      14, top + plot_height / 2, chart.y_label, "middle",
      (" fill=\"#444\" transform=\"rotate(-90 14 " + num(top + plot_height / 2) + ")\"").c_str());
  if (chart.marker_x) {
    double x = x_of(*chart.marker_x);
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(top + plot_height) + "\" stroke=\"#111\" stroke-dasharray=\"5,3\"/>";
    svg += text(x + 4, top + 10, chart.marker_label, "start", " fill=\"#111\" font-size=\"10\"");
  }
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    const ChartLine& line = chart.lines[i];
    const char* colour = kSeriesColours[i % kSeriesColours.size()];
    std::string points;
    for (const auto& [x, y] : line.points) {
      if (x <= 0) continue;
      points += (points.empty() ? "" : " ") + num(x_of(x)) + "," + num(y_of(y));
    }
    if (!points.empty()) {
      svg += "<polyline fill=\"none\" stroke=\"" + std::string(colour) +
             "\" stroke-width=\"2.5\" points=\"" + points + "\"/>";
    }
    if (line.mark) {
      svg += "<circle cx=\"" + num(x_of(line.mark->first)) + "\" cy=\"" +
             num(y_of(line.mark->second)) + "\" r=\"6\" fill=\"#fff\" stroke=\"" + colour +
             "\" stroke-width=\"3\"><title>" + html_escape(line.mark_title) + "</title></circle>";
    }
    double legend_y = top + plot_height + 50 + 18 * static_cast<double>(i);
    svg += "<rect x=\"" + num(left) + "\" y=\"" + num(legend_y - 9) +
           "\" width=\"14\" height=\"4\" fill=\"" + colour + "\"/>";
    svg += text(left + 20, legend_y, shorten(line.label, 110));
  }
  svg += "</svg>";
  return svg;
}

std::string spend_chart_svg(const std::vector<SpendSeries>& series, double stated_rate_rps) {
  // Spend is linear in the rate up to the throttling point and flat after it, so three points
  // draw each line; the x axis runs to 10 x the stated rate or 3 x the last throttling point.
  double max_rate = std::max(stated_rate_rps * 10, 10.0);
  for (const SpendSeries& s : series) {
    if (s.throttle_rate_rps) max_rate = std::max(max_rate, *s.throttle_rate_rps * 3);
  }
  const double right_rate = std::pow(10.0, std::ceil(std::log10(max_rate)));
  LogLogChart chart{.title = "Projected owner spend per hour against attack rate",
                    .x_label = "attack rate, requests per second",
                    .y_label = "owner spend per hour",
                    .marker_x = stated_rate_rps,
                    .marker_label = "stated attack rate " + format_number(stated_rate_rps) + "/s"};
  for (const SpendSeries& s : series) {
    ChartLine line{
        .label = shorten(s.label, 48) + " — " + format_usd(s.cost_per_request_usd * 1e6) +
                 " per 1M requests, " +
                 (s.throttle_rate_rps
                      ? "throttles at " + format_number(*s.throttle_rate_rps) + " req/s (circle)"
                      : "throttling point unknown")};
    if (s.cost_per_request_usd > 0) {
      const double cap =
          s.throttle_rate_rps ? std::min(*s.throttle_rate_rps, right_rate) : right_rate;
      const double per_hour = s.cost_per_request_usd * 3600;
      line.points = {{1, per_hour}, {cap, per_hour * cap}, {right_rate, per_hour * cap}};
      if (s.throttle_rate_rps && *s.throttle_rate_rps <= right_rate) {
        line.mark = std::pair{*s.throttle_rate_rps, per_hour * cap};
        line.mark_title =
            s.label + " throttles at " + format_number(*s.throttle_rate_rps) + " requests/s";
      }
    }
    chart.lines.push_back(std::move(line));
  }
  return log_log_chart_svg(chart);
}

}  // namespace walletfuzz::reports::detail
