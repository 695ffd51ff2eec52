#include "economics_tables.hpp"

#include <algorithm>
#include <cmath>

#include "text_format.hpp"

namespace walletfuzz::reports::detail {
namespace {

std::string share(double value) {
  return format_number(value * 100.0, 3) + " %";
}

std::string hours_label(double hours) {
  if (hours == 1) return "1 hour";
  if (hours == 24) return "1 day";
  if (hours >= 24 && std::fmod(hours, 24) == 0) return format_number(hours / 24) + " days";
  return format_number(hours) + " hours";
}

void add_prices(EconomicsTable& table, const std::vector<formats::LineItemRecord>& items) {
  for (const auto& item : items) {
    PriceReference ref{item.provider + " " + item.meter, item.source_url, item.as_of,
                       item.verified};
    const bool seen = std::any_of(table.prices.begin(), table.prices.end(),
                                  [&](const PriceReference& p) { return p.what == ref.what; });
    if (!seen && !ref.url.empty()) table.prices.push_back(std::move(ref));
  }
}

std::string items_text(const std::vector<formats::LineItemRecord>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : "; ") + (item.description.empty() ? item.meter : item.description) +
           " " + format_usd(item.usd);
  }
  return out;
}

// A URL inside Markdown's (...): the characters that would end or break the link, encoded.
std::string markdown_url(const std::string& url) {
  std::string out;
  for (char c : url) {
    if (c == '(' || c == ')' || c == ' ' || c == '<' || c == '>') {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[(static_cast<unsigned char>(c) >> 4) & 15];
      out += hex[static_cast<unsigned char>(c) & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string function_label(const std::string& name) {
  return name.empty() ? "(other requests)" : name;
}

// The prices one function's figures were computed from: the meters of its bills in cost.json
// (this run's traffic, and its month at declared traffic).
void add_function_prices(EconomicsTable& table, const CostResult& cost,
                         const std::string& function) {
  for (const CostFunction& f : cost.functions) {
    if (f.name == function) add_prices(table, f.line_items);
  }
  if (cost.monthly) {
    for (const auto& f : cost.monthly->functions) {
      if (f.name == function) add_prices(table, f.line_items);
    }
  }
}

EconomicsTable monthly_table(const formats::MonthlyBillRecord& monthly) {
  EconomicsTable t{.id = "monthly",
                   .title = "Monthly bill at declared traffic",
                   .note =
                       "Each function's declared traffic (pricing.traffic) for a 730-hour "
                       "month, every request priced like the normal requests measured for it, "
                       "at list prices. The account total bills all functions together" +
                       std::string(monthly.free_tier ? ", the free tier subtracted once."
                                                     : ", without the free tier."),
                   .headers = {"Function", "Traffic", "Requests / month", "Measured from",
                               "Per request", "Line items", "Per month"},
                   .numeric = {false, false, true, false, true, false, true}};
  for (const auto& f : monthly.functions) {
    const std::string traffic = f.traffic_source == "requests_per_second"
                                    ? format_number(f.traffic_value) + " req/s"
                                : f.traffic_source == "from_report_log"
                                    ? "REPORT log over " + format_number(f.traffic_value) + " h"
                                    : format_number(f.traffic_value, 12) + " / month";
    t.rows.push_back({f.name, traffic, format_number(f.requests_per_month, 12), f.profile,
                      format_usd(f.cost_per_request_usd), items_text(f.line_items),
                      format_usd(f.total_usd)});
    add_prices(t, f.line_items);
  }
  t.rows.push_back({"Account total", "", "", "", "", items_text(monthly.line_items),
                    format_usd(monthly.total_usd)});
  for (const auto& note : monthly.notes) t.rows.push_back({note, "", "", "", "", "", ""});
  return t;
}

EconomicsTable attack_table(const CostResult& cost) {
  const auto& scenarios = cost.attack_scenarios;
  EconomicsTable t{.id = "attacks",
                   .title = "Attack scenarios",
                   .note =
                       "One attacker sends each function's worst finding at the stated rate "
                       "beside its declared traffic. Past the concurrency limit the platform "
                       "throttles every request alike (Little's law: rate x duration "
                       "executions in flight), so the spend stops growing and legitimate "
                       "requests are turned away: the denial of service.",
                   .headers = {"Function", "Worst finding", "One request", "Rate", "Limit",
                               "Throttles at", "Per hour"},
                   .numeric = {false, false, true, true, true, true, true}};
  if (!scenarios.empty()) {
    for (const auto& p : scenarios.front().periods) {
      t.headers.push_back(hours_label(p.hours) + " (bill)");
      t.numeric.push_back(true);
    }
  }
  t.headers.push_back("Legitimate requests turned away");
  t.numeric.push_back(true);
  for (const auto& a : scenarios) {
    std::vector<std::string> row{
        function_label(a.function),
        a.class_name,
        format_ms(a.duration_ms) + ", " + format_usd(a.cost_per_request_usd),
        format_number(a.rate_rps) + " req/s",
        format_number(a.concurrency_limit, 12),
        a.throttle_point_rps ? format_number(*a.throttle_point_rps) + " req/s" : "never",
        format_usd(a.usd_per_hour)};
    for (const auto& p : a.periods) {
      row.push_back(format_usd(p.attack_usd) + " (" + format_usd(p.bill_usd) + ")");
    }
    row.push_back(a.legit_rate_rps > 0 ? share(a.legit_throttled_share) + " of " +
                                             format_number(a.legit_rate_rps) + " req/s"
                                       : "no declared traffic");
    t.rows.push_back(std::move(row));
    add_function_prices(t, cost, a.function);
  }
  return t;
}

EconomicsTable mitigation_table(const CostResult& cost) {
  const auto& scenarios = cost.attack_scenarios;
  EconomicsTable t{.id = "mitigations",
                   .title = "What each mitigation saves",
                   .note =
                       "The attack of the table above with one mitigation applied: the new "
                       "worst-case spend per hour, what it saves over the longest attack, and "
                       "the share of legitimate traffic it turns away at the declared rate "
                       "and during the attack.",
                   .headers = {"Function", "Mitigation", "Setting", "Per hour", "Saves",
                               "Legit. lost (normal)", "Legit. lost (attack)", "Note"},
                   .numeric = {false, false, false, true, true, true, true, false}};
  for (const auto& a : scenarios) {
    for (const auto& m : a.mitigations) {
      const std::string saves = m.savings_usd.empty() ? ""
                                                      : format_usd(m.savings_usd.back()) + " in " +
                                                            hours_label(a.periods.back().hours);
      t.rows.push_back({function_label(a.function), m.id, m.setting, format_usd(m.usd_per_hour),
                        saves, share(m.legit_throttled_share),
                        share(m.legit_throttled_share_under_attack), m.note});
    }
    add_function_prices(t, cost, a.function);
  }
  return t;
}

std::string mitigation_label(const formats::SpendCurveSeriesRecord& s) {
  return s.id == "none" ? "no mitigation" : s.id + " (" + s.setting + ")";
}

// One attack's spend against the attacker's rate, with no mitigation and with each: the rows a
// table lists and a chart draws. `index` keeps the anchors of several attacks apart.
EconomicsTable spend_curve_table(const CostResult& cost, std::size_t index) {
  const formats::AttackScenarioRecord& a = cost.attack_scenarios[index];
  EconomicsTable t{
      .id = index == 0 ? "spend-curve" : "spend-curve-" + std::to_string(index + 1),
      .title = "Spend against attack rate: " + function_label(a.function),
      .note = "The attack of " + a.class_name +
              " at other rates, spend per hour with no mitigation and with each mitigation "
              "alone (settings as in the table above), under the concurrency limit of " +
              format_number(a.concurrency_limit, 12) +
              (a.legit_rate_rps > 0 ? " beside the declared traffic" : "") +
              ". Each line stops growing at its throttling point.",
      .headers = {"Attack rate"},
      .numeric = {true}};
  LogLogChart chart{.title = t.title,
                    .x_label = "attack rate, requests per second",
                    .y_label = "owner spend per hour",
                    .marker_x = a.rate_rps,
                    .marker_label = "stated attack rate " + format_number(a.rate_rps) + "/s"};
  for (const auto& s : a.curve) {
    t.headers.push_back(mitigation_label(s) + ", per hour");
    t.numeric.push_back(true);
    ChartLine line{.label = mitigation_label(s)};
    bool spends = false;
    for (std::size_t i = 0; i < s.usd_per_hour.size() && i < a.curve_rates_rps.size(); ++i) {
      const double rate = a.curve_rates_rps[i];
      line.points.emplace_back(rate, s.usd_per_hour[i]);
      spends |= s.usd_per_hour[i] > 0;
      if (s.throttle_point_rps && std::abs(rate - *s.throttle_point_rps) <= 1e-6 * rate) {
        line.mark = std::pair{rate, s.usd_per_hour[i]};
        line.mark_title = line.label + " stops growing at " + format_number(rate) + " req/s";
      }
    }
    if (!spends) {
      line.label += ": nothing spent (drawn on the axis)";
    } else if (s.throttle_point_rps) {
      line.label += ": stops growing at " + format_number(*s.throttle_point_rps) + " req/s";
    }
    chart.lines.push_back(std::move(line));
  }
  for (std::size_t i = 0; i < a.curve_rates_rps.size(); ++i) {
    const double rate = a.curve_rates_rps[i];
    std::vector<std::string> row{format_number(rate) + " req/s" +
                                 (rate == a.rate_rps ? " (stated)" : "")};
    for (const auto& s : a.curve)
      row.push_back(i < s.usd_per_hour.size() ? format_usd(s.usd_per_hour[i]) : "");
    t.rows.push_back(std::move(row));
  }
  t.chart = std::move(chart);
  add_function_prices(t, cost, a.function);
  return t;
}

EconomicsTable right_sizing_table(const CostResult& cost) {
  const auto& records = cost.right_sizing;
  EconomicsTable t{.id = "right-sizing",
                   .title = "Right-sizing",
                   .note =
                       "The largest Max Memory Used of each function's REPORT lines against "
                       "its memory size; the suggestion is the smallest size the provider "
                       "offers with the headroom kept above that peak, billed with the same "
                       "durations. Unlike AWS Lambda Power Tuning, which runs the function "
                       "at several sizes and measures each, this does not measure the "
                       "suggested size.",
                   .headers = {"Function", "Memory", "Peak used", "Suggested", "Priced at",
                               "Per month now", "At suggested", "Saves", "Caution"},
                   .numeric = {false, true, true, true, false, true, true, true, false}};
  for (const auto& r : records) {
    t.rows.push_back(
        {function_label(r.function), format_number(r.configured_mb) + " MB",
         format_number(r.peak_used_mb) + " MB",
         format_number(r.suggested_mb) + " MB (" + format_number(r.headroom * 100) + " % headroom)",
         r.priced_at, format_usd(r.usd_now), format_usd(r.usd_suggested), format_usd(r.saving_usd),
         r.caution.empty() ? r.note : r.caution});
    add_function_prices(t, cost, r.function);
  }
  return t;
}

EconomicsTable provider_table(const CostResult& cost) {
  EconomicsTable t{.id = "providers",
                   .title = "On other providers",
                   .note = "The same measured durations (" + cost.providers_basis +
                           ") at each function's memory size and timeout, priced by every "
                           "compute provider in the catalog: compute only, list prices, no free "
                           "tier. A provider that cannot run a function says why.",
                   .headers = {"Provider"},
                   .numeric = {false}};
  if (cost.providers.empty()) return t;
  for (const auto& f : cost.providers.front().functions) {
    t.headers.push_back(function_label(f.function));
    t.numeric.push_back(true);
  }
  t.headers.push_back("Total");
  t.numeric.push_back(true);
  for (const auto& p : cost.providers) {
    std::vector<std::string> row{p.name.empty() ? p.provider : p.name};
    for (const auto& f : p.functions) {
      std::string text = f.usd ? format_usd(*f.usd) : "cannot run: " + f.reason;
      if (!f.note.empty()) text += " (" + f.note + ")";
      row.push_back(std::move(text));
    }
    row.push_back(p.total_usd ? format_usd(*p.total_usd) : "");
    t.rows.push_back(std::move(row));
    add_prices(t, p.line_items);
  }
  return t;
}

}  // namespace

std::vector<HeadlineFigure> headline_figures(const CostResult& cost,
                                             std::optional<double> gate_usd_per_hour) {
  std::vector<HeadlineFigure> out;
  if (cost.monthly) {
    out.push_back({"monthly", "Monthly bill at declared traffic",
                   format_usd(cost.monthly->total_usd) + " per month"});
  }
  const formats::AttackScenarioRecord* worst = nullptr;
  for (const auto& a : cost.attack_scenarios) {
    if (worst == nullptr || a.usd_per_hour > worst->usd_per_hour) worst = &a;
  }
  if (worst != nullptr) {
    out.push_back({"attacks", "Worst attack",
                   format_usd(worst->usd_per_hour * 24) + " per day (" + worst->class_name +
                       " at " + format_number(worst->rate_rps) + " req/s)"});
    const formats::MitigationRecord* best = nullptr;
    for (const auto& m : worst->mitigations) {
      const bool under = gate_usd_per_hour ? m.usd_per_hour <= *gate_usd_per_hour
                                           : m.usd_per_hour < worst->usd_per_hour;
      if (!under) continue;
      if (best == nullptr || m.legit_throttled_share < best->legit_throttled_share ||
          (m.legit_throttled_share == best->legit_throttled_share &&
           m.usd_per_hour < best->usd_per_hour))
        best = &m;
    }
    const std::string goal = gate_usd_per_hour
                                 ? "under the " + format_usd(*gate_usd_per_hour) + "/hour gate"
                                 : "that cuts the attack";
    out.push_back({"mitigations", "Cheapest mitigation " + goal,
                   best == nullptr
                       ? "none of those computed"
                       : best->id + " (" + best->setting + "): " + format_usd(best->usd_per_hour) +
                             " per hour, " + share(best->legit_throttled_share) +
                             " of normal traffic turned away"});
  }
  if (!cost.right_sizing.empty()) {
    double saving = 0;
    for (const auto& r : cost.right_sizing) saving += r.saving_usd;
    out.push_back({"right-sizing", "Right-sizing saves", format_usd(saving) + " per month"});
  }
  return out;
}

std::vector<EconomicsTable> economics_tables(const CostResult& cost) {
  std::vector<EconomicsTable> out;
  if (cost.monthly) out.push_back(monthly_table(*cost.monthly));
  if (!cost.attack_scenarios.empty()) {
    out.push_back(attack_table(cost));
    out.push_back(mitigation_table(cost));
    for (std::size_t i = 0; i < cost.attack_scenarios.size(); ++i) {
      if (!cost.attack_scenarios[i].curve.empty()) out.push_back(spend_curve_table(cost, i));
    }
  }
  if (!cost.right_sizing.empty()) out.push_back(right_sizing_table(cost));
  if (!cost.providers.empty()) out.push_back(provider_table(cost));
  return out;
}

std::string economics_html(const std::vector<EconomicsTable>& tables) {
  std::string html;
  for (const EconomicsTable& t : tables) {
    html += "<section id=\"" + html_escape(t.id) + "\"><h2>" + html_escape(t.title) +
            "</h2><p class=\"note\">" + html_escape(t.note) + "</p>";
    if (t.chart) {
      html += "<figure>" + log_log_chart_svg(*t.chart) + "</figure>";
    } else {
      html += "<table><tr>";
      for (const auto& h : t.headers) html += "<th>" + html_escape(h) + "</th>";
      html += "</tr>";
      for (const auto& row : t.rows) {
        html += "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i) {
          const bool numeric = i < t.numeric.size() && t.numeric[i];
          html +=
              std::string(numeric ? "<td class=\"num\">" : "<td>") + html_escape(row[i]) + "</td>";
        }
        html += "</tr>";
      }
      html += "</table>";
    }
    if (!t.prices.empty()) {
      html += "<p class=\"note\">Prices: ";
      for (std::size_t i = 0; i < t.prices.size(); ++i) {
        const PriceReference& p = t.prices[i];
        // The address as text: the page links to nothing outside itself.
        html += (i ? "; " : "") + html_escape(p.what) + " (<code>" + html_escape(p.url) +
                "</code>, as of " + html_escape(p.as_of) + ")" +
                (p.verified ? "" : " (not verified on the vendor's page)");
      }
      html += ".</p>";
    }
    html += "</section>";
  }
  return html;
}

std::string economics_markdown(const std::vector<EconomicsTable>& tables) {
  std::string out;
  for (const EconomicsTable& t : tables) {
    out += "### " + markdown_escape(t.title) + "\n\n" + markdown_escape(t.note) + "\n\n|";
    std::string rule = "|";
    for (std::size_t i = 0; i < t.headers.size(); ++i) {
      out += " " + markdown_escape(t.headers[i]) + " |";
      rule += i < t.numeric.size() && t.numeric[i] ? "---:|" : "---|";
    }
    out += "\n" + rule + "\n";
    for (const auto& row : t.rows) {
      out += "|";
      for (const auto& value : row) out += " " + markdown_escape(value) + " |";
      out += "\n";
    }
    if (!t.prices.empty()) {
      out += "\nPrices: ";
      for (std::size_t i = 0; i < t.prices.size(); ++i) {
        const PriceReference& p = t.prices[i];
        out += (i ? "; " : "") + std::string("[") + markdown_escape(p.what) + "](" +
               markdown_url(p.url) + ") as of " + markdown_escape(p.as_of) +
               (p.verified ? "" : " (not verified on the vendor's page)");
      }
      out += ".\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace walletfuzz::reports::detail
