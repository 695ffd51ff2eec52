#include "findings_growth.hpp"

namespace walletfuzz::formats::detail {
namespace json = boost::json;

GrowthRecord read_growth(const JsonObjectView& growth) {
  GrowthRecord g;
  g.axis = growth.string("axis").value_or("");
  g.name = growth.string("name").value_or("");
  g.growth_class = growth.string("class").value_or("");
  g.exponent = growth.number("exponent").value_or(0);
  g.words = growth.string("words").value_or("");
  g.confident = growth.boolean("confident").value_or(false);
  g.superlinear = growth.boolean("superlinear").value_or(false);
  g.unbounded = growth.boolean("unbounded").value_or(false);
  g.relative_error = growth.non_negative("relative_error").value_or(0);
  for (const JsonObjectView& point : growth.objects("points")) {
    g.points.push_back({.count = point.non_negative("count").value_or(0),
                        .request_bytes = point.non_negative("request_bytes").value_or(0),
                        .cost_ns = point.non_negative("cost_ns").value_or(0),
                        .censored = point.boolean("censored").value_or(false)});
  }
  if (auto worst = growth.object("worst_case")) {
    g.worst_case = {.request_bytes = worst->non_negative("request_bytes").value_or(0),
                    .count = worst->non_negative("count").value_or(0),
                    .cost_ns = worst->non_negative("cost_ns").value_or(0),
                    .billed_ms = worst->non_negative("billed_ms").value_or(0),
                    .reaches_timeout = worst->boolean("reaches_timeout").value_or(false),
                    .timeout_request_bytes = worst->non_negative("timeout_request_bytes"),
                    .timeout_count = worst->non_negative("timeout_count"),
                    .timeout_measured = worst->boolean("timeout_measured").value_or(false)};
  }
  return g;
}

json::object growth_json(const GrowthRecord& g) {
  json::array points;
  for (const GrowthPointRecord& p : g.points) {
    points.push_back({{"count", p.count},
                      {"request_bytes", p.request_bytes},
                      {"cost_ns", p.cost_ns},
                      {"censored", p.censored}});
  }
  const WorstCaseRecord& w = g.worst_case;
  return {{"axis", g.axis},
          {"name", g.name},
          {"class", g.growth_class},
          {"exponent", g.exponent},
          {"words", g.words},
          {"confident", g.confident},
          {"superlinear", g.superlinear},
          {"unbounded", g.unbounded},
          {"relative_error", g.relative_error},
          {"points", std::move(points)},
          {"worst_case",
           {{"request_bytes", w.request_bytes},
            {"count", w.count},
            {"cost_ns", w.cost_ns},
            {"billed_ms", w.billed_ms},
            {"reaches_timeout", w.reaches_timeout},
            {"timeout_request_bytes", optional_number(w.timeout_request_bytes)},
            {"timeout_count", optional_number(w.timeout_count)},
            {"timeout_measured", w.timeout_measured}}}};
}

}  // namespace walletfuzz::formats::detail
