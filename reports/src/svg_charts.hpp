#pragma once
// Inline SVG charts for report.html, drawn by walletfuzz (no charting library, no script): the
// page must render offline, from one file, identically in any browser. Every label is escaped.

#include <optional>
#include <string>
#include <vector>

namespace walletfuzz::reports::detail {

/// One bar of a horizontal bar chart.
struct Bar {
  std::string label;
  double value = 0;
  std::string value_label;  ///< printed after the bar ("$7.80", "19,973x")
  bool emphasised = false;  ///< drawn in the alert colour (attack classes, failed thresholds)
};

/// A horizontal bar chart, one row per bar in the given order. A logarithmic axis is used when
/// the values span more than two orders of magnitude (amplification does: 1x to 20,000x).
/// `threshold` draws a dashed limit line (a gate).
std::string bar_chart_svg(const std::string& title, const std::string& axis_label,
                          const std::vector<Bar>& bars, std::optional<double> threshold = {});

/// Latency percentiles of one class, corrected and uncorrected (keys "p50", "p90", "p99", "p99_9").
struct LatencyRow {
  std::string label;
  std::vector<std::pair<std::string, double>> corrected;
  std::vector<std::pair<std::string, double>> uncorrected;
};

/// One pair of lines per class on a logarithmic millisecond axis: corrected (filled marks)
/// above uncorrected (hollow marks), so the coordinated-omission correction is visible.
std::string latency_chart_svg(const std::vector<LatencyRow>& rows);

/// One line of a log-log chart.
struct ChartLine {
  std::string label;                              ///< legend text
  std::vector<std::pair<double, double>> points;  ///< (x, y), x ascending; y <= 0 on the floor
  std::optional<std::pair<double, double>> mark;  ///< a circled point (a throttling point)
  std::string mark_title;                         ///< what the circle means, on hover
};

/// Lines on logarithmic axes (x: requests per second, y: US dollars), whole decades around every
/// positive point, each line in its own colour (the first in the alert colour), a legend below.
struct LogLogChart {
  std::string title;
  std::string x_label, y_label;
  std::vector<ChartLine> lines;
  std::optional<double> marker_x;  ///< a dashed vertical line (the stated attack rate)
  std::string marker_label;
};
std::string log_log_chart_svg(const LogLogChart& chart);

/// The spend curve of one class: linear in the attack rate up to the throttling point, flat after.
struct SpendSeries {
  std::string label;
  double cost_per_request_usd = 0;
  std::optional<double> throttle_rate_rps;
};

/// Owner spend per hour against attack rate (a log_log_chart_svg), the throttling point of
/// each series marked, and the stated attack rate drawn as a vertical line.
std::string spend_chart_svg(const std::vector<SpendSeries>& series, double stated_rate_rps);

}  // namespace walletfuzz::reports::detail
