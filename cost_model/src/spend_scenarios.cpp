#include "walletfuzz/cost_model/spend_scenarios.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace walletfuzz::cost_model {
namespace {

std::string format_number(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

/// The owner's cost of one attack request cut at `timeout_ms`: the model bills it as a request
/// of that length. Never more than it costs uncut (the measured mean may sit above buckets that
/// end before the timeout).
double cost_cut_at(const BillingModel& model, const AttackCase& attack, double timeout_ms) {
  if (attack.duration_ms <= timeout_ms) return attack.cost_per_request_usd;
  Usage usage;
  model.add_bucket(usage, timeout_ms, 1);
  return std::min(attack.cost_per_request_usd, model.marginal_usd(usage));
}

}  // namespace

double DeclaredTraffic::requests_per_month(double log_records) const {
  switch (source) {
    case Source::requests_per_month:
      return value;
    case Source::requests_per_second:
      return value * kSecondsPerMonth;
    case Source::report_log:
      return value > 0 ? log_records * kHoursPerMonth / value : 0;
  }
  return 0;
}

std::string_view DeclaredTraffic::source_name() const {
  switch (source) {
    case Source::requests_per_month:
      return "requests_per_month";
    case Source::requests_per_second:
      return "requests_per_second";
    case Source::report_log:
      return "from_report_log";
  }
  return "";
}

double LegitProfile::share_longer_than(double ms) const {
  if (durations.empty()) return rate_rps > 0 && duration_ms > ms ? 1.0 : 0.0;
  double all = 0, longer = 0;
  for (const DurationBucket& b : durations) {
    all += static_cast<double>(b.count);
    if (b.duration_ms > ms) longer += static_cast<double>(b.count);
  }
  return all > 0 ? longer / all : 0;
}

double LegitProfile::share_larger_than(double bytes) const {
  if (sizes.empty()) return rate_rps > 0 && request_bytes > bytes ? 1.0 : 0.0;
  double all = 0, larger = 0;
  for (const auto& [size, count] : sizes) {
    all += count;
    if (size > bytes) larger += count;
  }
  return all > 0 ? larger / all : 0;
}

SharedCeiling under_ceiling(const AttackCase& attack, const LegitProfile& legit, double limit) {
  SharedCeiling out;
  const double attack_s = std::max(0.0, attack.duration_ms) / 1000.0;
  const double legit_demand =
      concurrency_needed(legit.rate_rps, std::max(0.0, legit.duration_ms) / 1000.0);
  out.demand = concurrency_needed(attack.rate_rps, attack_s) + legit_demand;
  out.throttled_share = out.demand > limit ? 1.0 - limit / out.demand : 0.0;
  out.executed_attack_rps = std::max(0.0, attack.rate_rps) * (1.0 - out.throttled_share);
  out.usd_per_hour = out.executed_attack_rps * 3600.0 * attack.cost_per_request_usd;
  if (attack_s > 0) out.throttle_point_rps = std::max(0.0, limit - legit_demand) / attack_s;
  return out;
}

double legit_throttled_share(const LegitProfile& legit, double limit) {
  const double demand =
      concurrency_needed(legit.rate_rps, std::max(0.0, legit.duration_ms) / 1000.0);
  return demand > limit ? 1.0 - limit / demand : 0.0;
}

MitigationSettings suggested_mitigations(const MitigationSettings& given,
                                         const LegitProfile& legit) {
  MitigationSettings out = given;
  if (!out.reserved_concurrency) {
    const double need = concurrency_needed(legit.rate_rps, legit.duration_ms / 1000.0);
    out.reserved_concurrency = std::max(1, static_cast<int>(std::ceil(2.0 * need)));
  }
  if (!out.rate_limit_rps) out.rate_limit_rps = 10;
  if (!out.timeout_ms) {
    out.timeout_ms =
        legit.duration_ms > 0 ? std::ceil(3.0 * legit.duration_ms / 100.0) * 100.0 : 1000.0;
  }
  if (!out.max_request_bytes) {
    out.max_request_bytes =
        legit.request_bytes > 0 ? std::ceil(2.0 * legit.request_bytes / 1024.0) * 1024.0 : 65536.0;
  }
  return out;
}

std::vector<MitigationEffect> mitigation_effects(const BillingModel& model,
                                                 const AttackCase& attack,
                                                 const LegitProfile& legit, double limit,
                                                 const MitigationSettings& settings) {
  std::vector<MitigationEffect> out;
  const double before = under_ceiling(attack, legit, limit).usd_per_hour;
  auto effect = [&](std::string id, std::string setting, const AttackCase& changed,
                    double new_limit) {
    const SharedCeiling after = under_ceiling(changed, legit, new_limit);
    MitigationEffect e{
        .id = std::move(id),
        .setting = std::move(setting),
        .executed_attack_rps = after.executed_attack_rps,
        .usd_per_hour = after.usd_per_hour,
        .legit_throttled_share = legit_throttled_share(legit, new_limit),
        .legit_throttled_share_under_attack = legit.rate_rps > 0 ? after.throttled_share : 0.0,
        .throttle_point_rps = after.throttle_point_rps};
    return e;
  };

  if (settings.reserved_concurrency) {
    // Reserved concurrency is also a cap: the function may never use more than K.
    const double k = std::min<double>(*settings.reserved_concurrency, limit);
    out.push_back(effect("reserved_concurrency",
                         "K = " + std::to_string(*settings.reserved_concurrency), attack, k));
  }
  if (settings.rate_limit_rps) {
    AttackCase limited = attack;
    limited.rate_rps = std::min(attack.rate_rps, *settings.rate_limit_rps);
    MitigationEffect e = effect(
        "rate_limit", "R = " + format_number("%g", *settings.rate_limit_rps) + " req/s per client",
        limited, limit);
    e.legit_throttled_share = 0;
    // The attacker's executed rate stops growing at R, or earlier at the ceiling.
    e.throttle_point_rps =
        std::min(*settings.rate_limit_rps, e.throttle_point_rps.value_or(*settings.rate_limit_rps));
    e.note =
        "assumes no legitimate client sends more than R req/s; the WAF's own fees are not "
        "included";
    out.push_back(std::move(e));
  }
  if (settings.timeout_ms) {
    AttackCase cut = attack;
    cut.duration_ms = std::min(attack.duration_ms, *settings.timeout_ms);
    cut.cost_per_request_usd = cost_cut_at(model, attack, *settings.timeout_ms);
    MitigationEffect e =
        effect("timeout", "T = " + format_number("%g", *settings.timeout_ms) + " ms", cut, limit);
    // A normal request longer than T now fails (billed up to T): lost like a throttled one.
    const double cut_legit = legit.share_longer_than(*settings.timeout_ms);
    e.legit_throttled_share = std::max(e.legit_throttled_share, cut_legit);
    e.legit_throttled_share_under_attack =
        std::max(e.legit_throttled_share_under_attack, cut_legit);
    if (e.usd_per_hour > before) {
      e.note =
          "raises the spend: shorter attack requests fit more of them under the concurrency "
          "limit, and each pays the request fee";
    }
    out.push_back(std::move(e));
  }
  if (settings.max_request_bytes) {
    AttackCase limited = attack;
    // Rejected at the front door (API Gateway, WAF body-size rule) before the function runs.
    if (attack.request_bytes > *settings.max_request_bytes) limited.rate_rps = 0;
    MitigationEffect e =
        effect("input_size_limit", format_number("%g", *settings.max_request_bytes) + " bytes",
               limited, limit);
    if (limited.rate_rps == 0) e.throttle_point_rps.reset();  // refused: no spend to level off
    const double cut_legit = legit.share_larger_than(*settings.max_request_bytes);
    e.legit_throttled_share = std::max(e.legit_throttled_share, cut_legit);
    e.legit_throttled_share_under_attack =
        std::max(e.legit_throttled_share_under_attack, cut_legit);
    if (attack.request_bytes <= *settings.max_request_bytes) {
      e.note = "the attack request (" + format_number("%g", attack.request_bytes) +
               " bytes) fits under the limit: no saving";
    }
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

/// The rates of spend_curve (see its comment): a 1-2-5 grid plus the points given.
std::vector<double> curve_rates(double stated_rps, const std::vector<double>& bends) {
  double low = std::min(1.0, stated_rps > 0 ? stated_rps : 1.0);
  double high = std::max(10.0 * stated_rps, 10.0);
  for (double b : bends) {
    if (b > 0) low = std::min(low, b);
    high = std::max(high, 3.0 * b);
  }
  // Decades are bounded so a near-zero duration cannot ask for an unbounded grid.
  const double low_decade = std::max(-2.0, std::floor(std::log10(low)));
  const double high_decade = std::min(low_decade + 12.0, std::ceil(std::log10(high)));
  std::vector<double> rates;
  for (double e = low_decade; e <= high_decade; ++e) {
    for (double step : {1.0, 2.0, 5.0}) {
      const double rate = step * std::pow(10.0, e);
      if (rate <= std::pow(10.0, high_decade)) rates.push_back(rate);
    }
  }
  const double top = std::pow(10.0, high_decade);
  const double bottom = std::pow(10.0, low_decade);
  for (double b : bends) {
    if (b >= bottom && b <= top) rates.push_back(b);
  }
  if (stated_rps >= bottom && stated_rps <= top) rates.push_back(stated_rps);
  std::sort(rates.begin(), rates.end());
  // Points closer than one part in a million are one point (a bend on a grid rate).
  std::vector<double> out;
  for (double r : rates) {
    if (out.empty() || r > out.back() * (1 + 1e-6)) out.push_back(r);
  }
  return out;
}

}  // namespace

SpendCurve spend_curve(const BillingModel& model, const AttackCase& attack,
                       const LegitProfile& legit, double limit,
                       const MitigationSettings& settings) {
  SpendCurve curve;
  SpendCurve::Series none{
      .id = "none", .throttle_point_rps = under_ceiling(attack, legit, limit).throttle_point_rps};
  std::vector<double> bends;
  if (none.throttle_point_rps) bends.push_back(*none.throttle_point_rps);
  curve.series.push_back(std::move(none));
  for (const MitigationEffect& e : mitigation_effects(model, attack, legit, limit, settings)) {
    if (e.throttle_point_rps) bends.push_back(*e.throttle_point_rps);
    curve.series.push_back(
        {.id = e.id, .setting = e.setting, .throttle_point_rps = e.throttle_point_rps});
  }
  curve.rates_rps = curve_rates(attack.rate_rps, bends);
  for (double rate : curve.rates_rps) {
    AttackCase at = attack;
    at.rate_rps = rate;
    curve.series[0].usd_per_hour.push_back(under_ceiling(at, legit, limit).usd_per_hour);
    const std::vector<MitigationEffect> effects =
        mitigation_effects(model, at, legit, limit, settings);
    for (std::size_t i = 0; i < effects.size(); ++i)
      curve.series[i + 1].usd_per_hour.push_back(effects[i].usd_per_hour);
  }
  return curve;
}

}  // namespace walletfuzz::cost_model
