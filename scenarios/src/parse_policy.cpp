// The `pricing`, `gates`, `leaks` and `output` sections: how results are priced, judged and kept.
#include "parse_context.hpp"

namespace walletfuzz::scenarios::detail {
namespace {

const std::vector<std::pair<std::string, AmplificationBasis>> kAmplificationBases = {
    {"size_aware", AmplificationBasis::size_aware}, {"raw", AmplificationBasis::raw}};

}  // namespace

void parse_pricing(ParseContext& ctx, const YAML::Node& node) {
  Pricing& pricing = ctx.scenario.pricing;
  MapReader map(
      ctx, node, "pricing",
      {"provider", "region", "arch", "free_tier", "addons", "overrides", "traffic", "mitigations"});
  map.read("provider", pricing.provider);
  map.read("region", pricing.region);
  map.read("arch", pricing.arch);
  map.read("free_tier", pricing.free_tier);
  map.read("addons", pricing.addons);
  read_pricing_overrides(ctx, map, "overrides", pricing.overrides);
  if (map.has("traffic")) parse_declared_traffic(ctx, map.get("traffic"));
  if (map.has("mitigations")) {
    MapReader m(ctx, map.get("mitigations"), "pricing.mitigations",
                {"reserved_concurrency", "rate_limit_rps", "timeout_ms", "max_request_bytes"});
    m.read("reserved_concurrency", pricing.mitigations.reserved_concurrency);
    m.read("rate_limit_rps", pricing.mitigations.rate_limit_rps);
    m.read("timeout_ms", pricing.mitigations.timeout_ms);
    m.read("max_request_bytes", pricing.mitigations.max_request_bytes);
  }
}

// pricing.traffic: {<function>: {requests_per_month: N} | {requests_per_second: R} |
// {from_report_log: {hours: H}}}, exactly one per function.
void parse_declared_traffic(ParseContext& ctx, const YAML::Node& node) {
  if (!node.IsMap()) {
    ctx.report(node.Mark(), "pricing.traffic",
               "expected a map of function names, got " + describe(node),
               "e.g. orders: {requests_per_month: 3000000}");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    auto name = read_string(ctx, it->first, "pricing.traffic");
    if (!name) continue;
    const std::string field = join_field("pricing.traffic", *name);
    MapReader entry(ctx, it->second, field,
                    {"requests_per_month", "requests_per_second", "from_report_log"});
    DeclaredTraffic t;
    entry.read("requests_per_month", t.requests_per_month);
    entry.read("requests_per_second", t.requests_per_second);
    if (entry.has("from_report_log")) {
      MapReader log(ctx, entry.get("from_report_log"), field + ".from_report_log", {"hours"});
      if (!log.has("hours")) log.missing("hours", "the hours the REPORT log covers, e.g. 24");
      log.read("hours", t.report_log_hours);
    }
    const int given = t.requests_per_month.has_value() + t.requests_per_second.has_value() +
                      t.report_log_hours.has_value();
    const bool negative = t.requests_per_month.value_or(0) < 0 ||
                          t.requests_per_second.value_or(0) < 0 ||
                          t.report_log_hours.value_or(1) <= 0;
    if (given != 1 || negative) {
      ctx.report(it->second.Mark(), field,
                 "give exactly one non-negative rate: requests_per_month, requests_per_second or "
                 "from_report_log (hours above 0)",
                 "e.g. {requests_per_second: 5}");
      continue;
    }
    ctx.scenario.pricing.traffic[*name] = t;
  }
}

void parse_gates(ParseContext& ctx, const YAML::Node& node) {
  Gates& gates = ctx.scenario.gates;
  MapReader map(ctx, node, "gates",
                {"no_new_crash", "no_new_leak", "max_amplification", "amplification",
                 "max_cost_per_million_usd", "max_p99_ms", "max_attacker_spend", "max_error_rate",
                 "max_throttled_rate"});
  map.read("no_new_crash", gates.no_new_crash);
  map.read("no_new_leak", gates.no_new_leak);
  map.read("max_amplification", gates.max_amplification);
  if (map.has("amplification")) {
    if (auto basis = read_enum(ctx, map.get("amplification"), map.field("amplification"),
                               kAmplificationBases)) {
      gates.amplification = *basis;
    }
  }
  map.read("max_cost_per_million_usd", gates.max_cost_per_million_usd);
  map.read("max_p99_ms", gates.max_p99_ms);
  for (const auto& [key, gate] : {std::pair{"max_error_rate", &gates.max_error_rate},
                                  std::pair{"max_throttled_rate", &gates.max_throttled_rate}}) {
    double rate = 0;
    if (map.read_in(key, 0, 1, rate)) *gate = rate;
  }
  if (map.has("max_attacker_spend")) {
    MapReader spend(ctx, map.get("max_attacker_spend"), "gates.max_attacker_spend",
                    {"usd_per_hour", "at_rate_rps"});
    AttackerSpendGate gate;
    if (!spend.has("usd_per_hour")) {
      spend.missing("usd_per_hour", "the most the owner may pay per hour of attack, e.g. 5");
    }
    if (!spend.has("at_rate_rps")) {
      spend.missing("at_rate_rps", "the attacker's request rate, e.g. 100");
    }
    spend.read("usd_per_hour", gate.usd_per_hour);
    spend.read("at_rate_rps", gate.at_rate_rps);
    gates.max_attacker_spend = gate;
  }
}

void parse_leaks(ParseContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "leaks", {"allow"});
  if (!map.has("allow")) return;
  const YAML::Node list = map.get("allow");
  if (!list.IsSequence()) {
    ctx.report(list.Mark(), "leaks.allow", "expected a list of entries, got " + describe(list),
               "- {rule: stack-trace.node, function: orders, reason: ...}");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string field = index_field("leaks.allow", i);
    MapReader entry(ctx, list[i], field, {"rule", "function", "fingerprint", "reason"});
    detectors::LeakAllowRule rule;
    entry.read("rule", rule.rule);
    entry.read("function", rule.function);
    entry.read("fingerprint", rule.fingerprint);
    entry.read("reason", rule.reason);
    if (auto problem = detectors::allow_rule_problem(rule); !problem.empty()) {
      ctx.report(list[i].Mark(), field, problem,
                 "fingerprints and rule ids are printed by walletfuzz scan");
      continue;
    }
    ctx.scenario.leaks.allow.entries.push_back(std::move(rule));
  }
}

void parse_output(ParseContext& ctx, const YAML::Node& node) {
  Output& output = ctx.scenario.output;
  MapReader map(ctx, node, "output", {"run_dir", "history"});
  map.read_path("run_dir", output.run_dir);
  map.read("history", output.history);
}

bool read_pricing_overrides(ParseContext& ctx, const MapReader& reader, std::string_view key,
                            std::vector<PricingOverride>& out) {
  if (!reader.has(key)) return false;
  const YAML::Node map = reader.get(key);
  std::string map_field = reader.field(key);
  if (!map.IsDefined() || map.IsNull()) return true;
  if (!map.IsMap()) {
    ctx.report(map.Mark(), map_field,
               "expected a map of catalog paths to values, got " + describe(map),
               "e.g. aws-lambda.meters.requests.tiers[0].usd: 0.25");
    return false;
  }
  ctx.note(map.Mark(), map_field);
  bool all_valid = true;
  for (auto it = map.begin(); it != map.end(); ++it) {
    auto name = read_string(ctx, it->first, map_field);
    if (!name) {
      all_valid = false;
      continue;
    }
    std::string item_field = join_field(map_field, *name);
    bool duplicate = std::any_of(out.begin(), out.end(),
                                 [&](const PricingOverride& o) { return o.key == *name; });
    if (duplicate) {
      ctx.report(it->first.Mark(), item_field, "duplicate key '" + excerpt(*name) + "'");
      all_valid = false;
      continue;
    }
    std::size_t dot = name->find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == name->size()) {
      ctx.report(it->first.Mark(), item_field,
                 "'" + excerpt(*name) + "' is not <provider>.<path in its pricing file>",
                 "e.g. aws-lambda.meters.duration-arm64.tiers[0].usd");
      all_valid = false;
      continue;
    }
    const YAML::Node value = it->second;  // a copy, as above
    if (!value.IsDefined() || value.IsNull()) {
      ctx.report(value.Mark(), item_field, "has no value", "write the new price or setting");
      all_valid = false;
      continue;
    }
    std::string text;
    if (value.IsScalar()) {
      text = value.Scalar();
    } else {
      // Lists and maps go to the cost model as one line of flow-style YAML.
      YAML::Emitter emitter;
      emitter.SetMapFormat(YAML::Flow);
      emitter.SetSeqFormat(YAML::Flow);
      emitter << value;
      text = emitter.c_str();
    }
    ctx.note(value.Mark(), item_field);
    out.push_back({*name, std::move(text)});
  }
  return all_valid;
}

}  // namespace walletfuzz::scenarios::detail
