// cost.json's economics: the monthly bill at declared traffic, the attack scenarios beside it
// with what each mitigation saves, and right-sizing (fields in docs/FORMATS.md).
#include "cost_json.hpp"

namespace walletfuzz::formats::detail {
namespace json = boost::json;

namespace {

json::array numbers_json(const std::vector<double>& values) {
  json::array out;
  for (double v : values) out.push_back(v);
  return out;
}

std::vector<double> read_numbers(const JsonObjectView& parent, std::string_view key) {
  std::vector<double> out;
  const json::array* array = parent.array(key);
  if (array == nullptr) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const json::value& v = (*array)[i];
    if (!v.is_number()) parent.fail(key, "element " + std::to_string(i) + " is not a number");
    out.push_back(v.to_number<double>());
  }
  return out;
}

json::object monthly_function_json(const MonthlyFunctionRecord& f) {
  return {{"name", f.name},
          {"traffic_source", f.traffic_source},
          {"traffic_value", f.traffic_value},
          {"requests_per_month", f.requests_per_month},
          {"rate_rps", f.rate_rps},
          {"profile", f.profile},
          {"duration_ms_mean", f.duration_ms_mean},
          {"cost_per_request_usd", f.cost_per_request_usd},
          {"line_items", line_items_json(f.line_items)},
          {"total_usd", f.total_usd}};
}

json::object mitigation_json(const MitigationRecord& m) {
  return {{"id", m.id},
          {"setting", m.setting},
          {"executed_rps", m.executed_rps},
          {"usd_per_hour", m.usd_per_hour},
          {"savings_usd", numbers_json(m.savings_usd)},
          {"legit_throttled_share", m.legit_throttled_share},
          {"legit_throttled_share_under_attack", m.legit_throttled_share_under_attack},
          {"note", optional_text(m.note)}};
}

json::value spend_curve_json(const AttackScenarioRecord& a) {
  if (a.curve_rates_rps.empty()) return nullptr;
  json::array series;
  for (const SpendCurveSeriesRecord& s : a.curve) {
    series.push_back(json::object{{"id", s.id},
                                  {"setting", optional_text(s.setting)},
                                  {"throttle_point_rps", optional_number(s.throttle_point_rps)},
                                  {"usd_per_hour", numbers_json(s.usd_per_hour)}});
  }
  return json::object{{"rates_rps", numbers_json(a.curve_rates_rps)},
                      {"series", std::move(series)}};
}

// A curve a chart can draw: positive ascending rates, and every series one spend per rate.
void read_spend_curve(const JsonObjectView& scenario, AttackScenarioRecord& r) {
  const std::optional<JsonObjectView> c = scenario.object("spend_curve");
  if (!c) return;
  r.curve_rates_rps = read_numbers(*c, "rates_rps");
  for (std::size_t i = 0; i < r.curve_rates_rps.size(); ++i) {
    if (r.curve_rates_rps[i] <= 0 || (i > 0 && r.curve_rates_rps[i] <= r.curve_rates_rps[i - 1]))
      c->fail("rates_rps", "must be positive and ascending (element " + std::to_string(i) + ")");
  }
  for (const JsonObjectView& s : c->objects("series")) {
    SpendCurveSeriesRecord x{.id = s.required_string("id"),
                             .setting = s.string("setting").value_or(""),
                             .throttle_point_rps = s.non_negative("throttle_point_rps"),
                             .usd_per_hour = read_numbers(s, "usd_per_hour")};
    if (x.usd_per_hour.size() != r.curve_rates_rps.size())
      s.fail("usd_per_hour", "has " + std::to_string(x.usd_per_hour.size()) + " values for " +
                                 std::to_string(r.curve_rates_rps.size()) + " rates");
    for (double v : x.usd_per_hour) {
      if (!(v >= 0)) s.fail("usd_per_hour", "a spend is negative");
    }
    r.curve.push_back(std::move(x));
  }
}

json::object scenario_json(const AttackScenarioRecord& a) {
  json::array periods;
  for (const AttackPeriodRecord& p : a.periods) {
    periods.push_back(json::object{{"hours", p.hours},
                                   {"attack_usd", p.attack_usd},
                                   {"bill_usd", p.bill_usd},
                                   {"legit_requests_turned_away", p.legit_requests_turned_away}});
  }
  json::array mitigations;
  for (const MitigationRecord& m : a.mitigations) mitigations.push_back(mitigation_json(m));
  return {{"function", optional_text(a.function)},
          {"class", a.class_name},
          {"rate_rps", a.rate_rps},
          {"duration_ms", a.duration_ms},
          {"request_bytes", a.request_bytes},
          {"cost_per_request_usd", a.cost_per_request_usd},
          {"concurrency_limit", a.concurrency_limit},
          {"throttle_point_rps", optional_number(a.throttle_point_rps)},
          {"executed_rps", a.executed_rps},
          {"legit_rate_rps", a.legit_rate_rps},
          {"legit_throttled_share", a.legit_throttled_share},
          {"usd_per_hour", a.usd_per_hour},
          {"monthly_bill_usd", a.monthly_bill_usd},
          {"periods", std::move(periods)},
          {"mitigations", std::move(mitigations)},
          {"spend_curve", spend_curve_json(a)}};
}

}  // namespace

json::value monthly_json(const std::optional<MonthlyBillRecord>& monthly) {
  if (!monthly) return nullptr;
  json::array functions;
  for (const MonthlyFunctionRecord& f : monthly->functions)
    functions.push_back(monthly_function_json(f));
  return json::object{{"functions", std::move(functions)},
                      {"line_items", line_items_json(monthly->line_items)},
                      {"total_usd", monthly->total_usd},
                      {"free_tier", monthly->free_tier},
                      {"notes", strings_json(monthly->notes)}};
}

json::array attack_scenarios_json(const std::vector<AttackScenarioRecord>& scenarios) {
  json::array out;
  for (const AttackScenarioRecord& a : scenarios) out.push_back(scenario_json(a));
  return out;
}

std::optional<MonthlyBillRecord> read_monthly(const JsonObjectView& root) {
  const std::optional<JsonObjectView> m = root.object("monthly");
  if (!m) return std::nullopt;
  MonthlyBillRecord out;
  for (const JsonObjectView& f : m->objects("functions")) {
    MonthlyFunctionRecord r;
    r.name = f.string("name").value_or("");
    r.traffic_source = f.string("traffic_source").value_or("");
    r.traffic_value = f.non_negative("traffic_value").value_or(0);
    r.requests_per_month = f.non_negative("requests_per_month").value_or(0);
    r.rate_rps = f.non_negative("rate_rps").value_or(0);
    r.profile = f.string("profile").value_or("");
    r.duration_ms_mean = f.non_negative("duration_ms_mean").value_or(0);
    r.cost_per_request_usd = f.non_negative("cost_per_request_usd").value_or(0);
    r.line_items = read_line_items(f);
    r.total_usd = f.non_negative("total_usd").value_or(0);
    out.functions.push_back(std::move(r));
  }
  out.line_items = read_line_items(*m);
  out.total_usd = m->non_negative("total_usd").value_or(0);
  out.free_tier = m->boolean("free_tier").value_or(false);
  out.notes = m->strings("notes");
  return out;
}

std::vector<AttackScenarioRecord> read_attack_scenarios(const JsonObjectView& root) {
  std::vector<AttackScenarioRecord> out;
  for (const JsonObjectView& a : root.objects("attack_scenarios")) {
    AttackScenarioRecord r;
    r.function = a.string("function").value_or("");
    r.class_name = a.required_string("class");
    r.rate_rps = a.non_negative("rate_rps").value_or(0);
    r.duration_ms = a.non_negative("duration_ms").value_or(0);
    r.request_bytes = a.non_negative("request_bytes").value_or(0);
    r.cost_per_request_usd = a.non_negative("cost_per_request_usd").value_or(0);
    r.concurrency_limit = a.non_negative("concurrency_limit").value_or(0);
    r.throttle_point_rps = a.non_negative("throttle_point_rps");
    r.executed_rps = a.non_negative("executed_rps").value_or(0);
    r.legit_rate_rps = a.non_negative("legit_rate_rps").value_or(0);
    r.legit_throttled_share = a.non_negative("legit_throttled_share").value_or(0);
    r.usd_per_hour = a.non_negative("usd_per_hour").value_or(0);
    r.monthly_bill_usd = a.non_negative("monthly_bill_usd").value_or(0);
    for (const JsonObjectView& p : a.objects("periods")) {
      r.periods.push_back({p.non_negative("hours").value_or(0),
                           p.non_negative("attack_usd").value_or(0),
                           p.non_negative("bill_usd").value_or(0),
                           p.non_negative("legit_requests_turned_away").value_or(0)});
    }
    for (const JsonObjectView& m : a.objects("mitigations")) {
      MitigationRecord x;
      x.id = m.required_string("id");
      x.setting = m.string("setting").value_or("");
      x.executed_rps = m.non_negative("executed_rps").value_or(0);
      x.usd_per_hour = m.non_negative("usd_per_hour").value_or(0);
      x.savings_usd = read_numbers(m, "savings_usd");
      x.legit_throttled_share = m.non_negative("legit_throttled_share").value_or(0);
      x.legit_throttled_share_under_attack =
          m.non_negative("legit_throttled_share_under_attack").value_or(0);
      x.note = m.string("note").value_or("");
      r.mitigations.push_back(std::move(x));
    }
    read_spend_curve(a, r);
    out.push_back(std::move(r));
  }
  return out;
}

json::array right_sizing_json(const std::vector<RightSizingRecord>& records) {
  json::array out;
  for (const RightSizingRecord& r : records) {
    out.push_back(json::object{{"function", r.function},
                               {"configured_mb", r.configured_mb},
                               {"peak_used_mb", r.peak_used_mb},
                               {"headroom", r.headroom},
                               {"suggested_mb", r.suggested_mb},
                               {"priced_at", r.priced_at},
                               {"usd_now", r.usd_now},
                               {"usd_suggested", r.usd_suggested},
                               {"saving_usd", r.saving_usd},
                               {"caution", optional_text(r.caution)},
                               {"note", optional_text(r.note)}});
  }
  return out;
}

std::vector<RightSizingRecord> read_right_sizing(const JsonObjectView& root) {
  std::vector<RightSizingRecord> out;
  for (const JsonObjectView& r : root.objects("right_sizing")) {
    out.push_back({.function = r.string("function").value_or(""),
                   .configured_mb = r.non_negative("configured_mb").value_or(0),
                   .peak_used_mb = r.non_negative("peak_used_mb").value_or(0),
                   .headroom = r.non_negative("headroom").value_or(0),
                   .suggested_mb = r.non_negative("suggested_mb").value_or(0),
                   .priced_at = r.string("priced_at").value_or(""),
                   .usd_now = r.non_negative("usd_now").value_or(0),
                   .usd_suggested = r.non_negative("usd_suggested").value_or(0),
                   .saving_usd = r.number("saving_usd").value_or(0),
                   .caution = r.string("caution").value_or(""),
                   .note = r.string("note").value_or("")});
  }
  return out;
}

json::value providers_json(const std::string& basis,
                           const std::vector<ProviderComparisonRecord>& providers) {
  if (basis.empty()) return nullptr;
  json::array list;
  for (const ProviderComparisonRecord& p : providers) {
    json::array functions;
    for (const ProviderFunctionRecord& f : p.functions) {
      functions.push_back(json::object{{"function", f.function},
                                       {"usd", optional_number(f.usd)},
                                       {"reason", optional_text(f.reason)},
                                       {"note", optional_text(f.note)}});
    }
    list.push_back(json::object{{"provider", p.provider},
                                {"name", p.name},
                                {"region", p.region},
                                {"total_usd", optional_number(p.total_usd)},
                                {"functions", std::move(functions)},
                                {"line_items", line_items_json(p.line_items)}});
  }
  return json::object{{"basis", basis}, {"providers", std::move(list)}};
}

void read_providers(const JsonObjectView& root, std::string& basis,
                    std::vector<ProviderComparisonRecord>& providers) {
  const std::optional<JsonObjectView> c = root.object("provider_comparison");
  if (!c) return;
  basis = c->string("basis").value_or("");
  for (const JsonObjectView& p : c->objects("providers")) {
    ProviderComparisonRecord r{.provider = p.required_string("provider"),
                               .name = p.string("name").value_or(""),
                               .region = p.string("region").value_or(""),
                               .total_usd = p.non_negative("total_usd")};
    for (const JsonObjectView& f : p.objects("functions")) {
      r.functions.push_back({.function = f.string("function").value_or(""),
                             .usd = f.non_negative("usd"),
                             .reason = f.string("reason").value_or(""),
                             .note = f.string("note").value_or("")});
    }
    r.line_items = read_line_items(p);
    providers.push_back(std::move(r));
  }
}

}  // namespace walletfuzz::formats::detail
