#include "spend_report.hpp"

#include <set>

#include "walletfuzz/cost_model/provider_comparison.hpp"
#include "walletfuzz/cost_model/right_sizing.hpp"

namespace walletfuzz::cost_model::detail {
namespace {

/// One normal request of a function, and where it was measured.
struct NormalRequest {
  Usage usage;  ///< one or more invocations; divide by usage.invocations
  std::string source;
};

std::optional<NormalRequest> normal_request(const BillingModel& model, const MeasuredFunction& m) {
  if (m.baseline.invocations > 0) return NormalRequest{m.baseline, "baseline classes of load.json"};
  if (m.report && m.report->invocations > 0) return NormalRequest{*m.report, "its REPORT lines"};
  if (m.finding_baseline_ms) {
    NormalRequest r{{}, "baseline median in findings.json"};
    model.add_bucket(r.usage, *m.finding_baseline_ms, 1);
    r.usage.requests = 1;
    return r;
  }
  return std::nullopt;
}

LegitProfile legit_profile(const MeasuredFunction& m, const NormalRequest& normal,
                           double requests_per_month) {
  const double n = static_cast<double>(normal.usage.invocations);
  LegitProfile legit{
      .rate_rps = requests_per_month / kSecondsPerMonth,
      .duration_ms = normal.usage.raw_ms / n,
      .request_bytes = normal.usage.requests > 0
                           ? normal.usage.request_bytes / static_cast<double>(normal.usage.requests)
                           : 0};
  if (normal.source == "baseline classes of load.json") {
    legit.durations = m.baseline_durations;
    legit.sizes = m.baseline_sizes;
  }
  return legit;
}

}  // namespace

void add_spend_report(formats::CostFile& report, const PricingCatalog& catalog,
                      const FunctionModels& models, const CostRunOptions& options,
                      const std::map<std::string, MeasuredFunction>& measured,
                      const std::function<double(const std::string&)>& limit_of) {
  std::set<std::string> keys;
  for (const auto& [key, m] : measured) keys.insert(key);
  for (const auto& [name, f] : options.functions) {
    if (f.traffic) keys.insert(name);
  }
  const MeasuredFunction none;
  formats::MonthlyBillRecord monthly;
  AccountBill account;
  std::map<std::string, double> bill_of;         // function -> monthly total at list prices
  std::map<std::string, LegitProfile> legit_of;  // function -> its declared traffic
  std::map<std::string, Usage> month_of;         // function -> a month at declared traffic
  for (const std::string& key : keys) {
    const auto fn = options.functions.find(key);
    if (fn == options.functions.end() || !fn->second.traffic) continue;
    const DeclaredTraffic& traffic = *fn->second.traffic;
    const auto it = measured.find(key);
    const MeasuredFunction& m = it == measured.end() ? none : it->second;
    const BillingModel& model = models.model(key);
    const std::optional<NormalRequest> normal = normal_request(model, m);
    if (!normal) {
      monthly.notes.push_back(key +
                              ": no normal request was measured (no baseline class in "
                              "load.json, no REPORT lines, no baseline in findings.json)");
      continue;
    }
    if (traffic.source == DeclaredTraffic::Source::report_log && !m.report) {
      monthly.notes.push_back(key +
                              ": traffic is from_report_log, but the function has no "
                              "REPORT log (RUN_DIR/lambda-report/" +
                              key + ".log)");
      continue;
    }
    const double log_records = m.report ? static_cast<double>(m.report->invocations) : 0.0;
    const double per_month = traffic.requests_per_month(log_records);
    const Usage usage =
        normal->usage.scaled(per_month / static_cast<double>(normal->usage.invocations));
    const Bill bill = model.bill(usage, {.free_tier = false, .fixed_fees = true});
    account.add(model, usage);
    month_of[key] = usage;
    const LegitProfile legit = legit_profile(m, *normal, per_month);
    legit_of[key] = legit;
    bill_of[key] = bill.total_usd;
    monthly.functions.push_back(
        {.name = key,
         .traffic_source = std::string(traffic.source_name()),
         .traffic_value = traffic.value,
         .requests_per_month = per_month,
         .rate_rps = legit.rate_rps,
         .profile = normal->source,
         .duration_ms_mean = legit.duration_ms,
         .cost_per_request_usd = per_month > 0 ? bill.total_usd / per_month : 0,
         .line_items = line_items_of(bill),
         .total_usd = bill.total_usd});
  }
  if (!monthly.functions.empty() || !monthly.notes.empty()) {
    if (!account.empty()) {
      const Bill total = account.bill();
      monthly.line_items = line_items_of(total);
      monthly.total_usd = total.total_usd;
    }
    monthly.free_tier = models.model("").config().free_tier;
    for (const auto& [name, f] : options.functions) monthly.free_tier |= f.config.free_tier;
    report.monthly = std::move(monthly);
  }

  // The provider comparison: a month of declared traffic (each function's normal requests,
  // scaled) when any is declared, else this run's load as measured.
  std::vector<WorkloadFunction> workload;
  for (const auto& [key, m] : measured) {
    const bool declared = month_of.contains(key);
    if (!month_of.empty() && !declared) continue;
    const auto& durations = declared ? m.baseline_durations : m.all_durations;
    if (durations.empty()) continue;
    double samples = 0;
    for (const DurationBucket& b : durations) samples += static_cast<double>(b.count);
    workload.push_back(
        {.name = key,
         .config = models.model(key).config(),
         .durations = durations,
         .scale = declared ? static_cast<double>(month_of[key].invocations) / samples : 1.0});
  }
  if (!workload.empty()) {
    report.providers_basis = month_of.empty() ? "this run's load" : "declared traffic";
    for (const ProviderPrice& p : compare_providers(catalog, workload)) {
      formats::ProviderComparisonRecord r{
          .provider = p.provider, .name = p.name, .region = p.region, .total_usd = p.total_usd};
      for (const ProviderFunctionPrice& f : p.functions)
        r.functions.push_back({f.function, f.usd, f.reason, f.note});
      r.line_items = line_items_of(Bill{.items = p.line_items});
      report.providers.push_back(std::move(r));
    }
  }

  for (const auto& [key, m] : measured) {
    if (!m.peak_memory_used_mb || !m.report) continue;
    const bool declared = month_of.contains(key);
    const RightSizing r = right_size(catalog, models.model(key), *m.peak_memory_used_mb,
                                     declared ? month_of[key] : *m.report);
    report.right_sizing.push_back({.function = key,
                                   .configured_mb = r.configured_mb,
                                   .peak_used_mb = r.peak_used_mb,
                                   .headroom = r.headroom,
                                   .suggested_mb = r.suggested_mb,
                                   .priced_at = declared ? "declared traffic" : "its REPORT lines",
                                   .usd_now = r.usd_now,
                                   .usd_suggested = r.usd_suggested,
                                   .saving_usd = r.saving_usd,
                                   .caution = r.caution,
                                   .note = r.note});
  }

  for (const std::string& key : keys) {
    const auto it = measured.find(key);
    if (it == measured.end() || it->second.worst_class.empty()) continue;
    AttackCase attack = it->second.worst;
    attack.rate_rps = options.attack_rate_rps;
    const LegitProfile legit = legit_of.contains(key) ? legit_of[key] : LegitProfile{};
    const double limit = limit_of(key);
    const SharedCeiling now = under_ceiling(attack, legit, limit);
    formats::AttackScenarioRecord record{
        .function = key,
        .class_name = it->second.worst_class,
        .rate_rps = attack.rate_rps,
        .duration_ms = attack.duration_ms,
        .request_bytes = attack.request_bytes,
        .cost_per_request_usd = attack.cost_per_request_usd,
        .concurrency_limit = limit,
        .throttle_point_rps = now.throttle_point_rps,
        .executed_rps = now.executed_attack_rps,
        .legit_rate_rps = legit.rate_rps,
        .legit_throttled_share = legit.rate_rps > 0 ? now.throttled_share : 0.0,
        .usd_per_hour = now.usd_per_hour,
        .monthly_bill_usd = bill_of[key]};
    for (double hours : options.attack_periods_hours) {
      const double attack_usd = now.usd_per_hour * hours;
      record.periods.push_back(
          {.hours = hours,
           .attack_usd = attack_usd,
           .bill_usd = bill_of[key] + attack_usd,
           .legit_requests_turned_away =
               legit.rate_rps * record.legit_throttled_share * hours * 3600.0});
    }
    const MitigationSettings settings = suggested_mitigations(options.mitigations, legit);
    for (const MitigationEffect& e :
         mitigation_effects(models.model(key), attack, legit, limit, settings)) {
      formats::MitigationRecord m{
          .id = e.id,
          .setting = e.setting,
          .executed_rps = e.executed_attack_rps,
          .usd_per_hour = e.usd_per_hour,
          .legit_throttled_share = e.legit_throttled_share,
          .legit_throttled_share_under_attack = e.legit_throttled_share_under_attack,
          .note = e.note};
      for (double hours : options.attack_periods_hours)
        m.savings_usd.push_back((now.usd_per_hour - e.usd_per_hour) * hours);
      record.mitigations.push_back(std::move(m));
    }
    const SpendCurve curve = spend_curve(models.model(key), attack, legit, limit, settings);
    record.curve_rates_rps = curve.rates_rps;
    for (const SpendCurve::Series& s : curve.series)
      record.curve.push_back({s.id, s.setting, s.throttle_point_rps, s.usd_per_hour});
    report.attack_scenarios.push_back(std::move(record));
  }
}

}  // namespace walletfuzz::cost_model::detail
