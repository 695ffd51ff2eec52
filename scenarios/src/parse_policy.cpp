// The `pricing`, `gates` and `output` sections: how results are priced, judged and kept.
#include "parse_context.hpp"
#include "yaml_values.hpp"

namespace walletfuzz::scenarios::detail {

void parse_pricing(ParseContext& ctx, const YAML::Node& node) {
  Pricing& pricing = ctx.scenario.pricing;
  MapReader map(ctx, node, "pricing", {"provider", "region", "arch", "free_tier", "addons", "overrides"});
  map.read("provider", pricing.provider);
  map.read("region", pricing.region);
  map.read("arch", pricing.arch);
  map.read("free_tier", pricing.free_tier);
  map.read("addons", pricing.addons);
  map.read("overrides", pricing.overrides);
}

void parse_gates(ParseContext& ctx, const YAML::Node& node) {
  Gates& gates = ctx.scenario.gates;
  MapReader map(ctx, node, "gates",
                {"no_new_crash", "no_new_leak", "max_amplification", "max_cost_per_million_usd",
                 "max_p99_ms", "max_attacker_spend"});
  map.read("no_new_crash", gates.no_new_crash);
  map.read("no_new_leak", gates.no_new_leak);
  map.read("max_amplification", gates.max_amplification);
  map.read("max_cost_per_million_usd", gates.max_cost_per_million_usd);
  map.read("max_p99_ms", gates.max_p99_ms);
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

void parse_output(ParseContext& ctx, const YAML::Node& node) {
  Output& output = ctx.scenario.output;
  MapReader map(ctx, node, "output", {"run_dir", "history"});
  map.read_path("run_dir", output.run_dir);
  map.read("history", output.history);
}

}  // namespace walletfuzz::scenarios::detail
