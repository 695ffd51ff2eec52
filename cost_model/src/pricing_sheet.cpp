#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>

#include "pricing_parse.hpp"
#include "yaml_reader.hpp"

namespace walletfuzz::cost_model {
namespace {

using detail::YamlField;

constexpr std::array<std::pair<std::string_view, Quantity>, 10> kQuantityNames{{
    {"requests", Quantity::requests},
    {"requests_512kb", Quantity::requests_512kb},
    {"gb_seconds", Quantity::gb_seconds},
    {"ghz_seconds", Quantity::ghz_seconds},
    {"vcpu_seconds", Quantity::vcpu_seconds},
    {"cpu_ms", Quantity::cpu_ms},
    {"ephemeral_gb_seconds", Quantity::ephemeral_gb_seconds},
    {"log_gb", Quantity::log_gb},
    {"egress_gb", Quantity::egress_gb},
    {"months", Quantity::months},
}};

constexpr double kHuge = 1e18;  // bounds "absurd" numbers in a price file

bool is_date(std::string_view text) {
  // YYYY-MM-DD: the as-of date of a price must be a real calendar-shaped date.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

PriceSource parse_source(const YamlField& field) {
  field.expect_map({"url", "as_of", "note", "verified"});
  PriceSource source;
  const YamlField url = field.required("url");
  source.url = url.as_string();
  if (source.url.rfind("http://", 0) != 0 && source.url.rfind("https://", 0) != 0) {
    url.fail("must be an http(s) URL");
  }
  const YamlField as_of = field.required("as_of");
  source.as_of = as_of.as_string();
  if (!is_date(source.as_of)) as_of.fail("must be a date YYYY-MM-DD, got '" + source.as_of + "'");
  source.note = field.string_or("note", "");
  source.verified = field.bool_or("verified", true);
  return source;
}

std::vector<std::string> parse_string_list(const YamlField& field) {
  std::vector<std::string> out;
  const std::size_t n = field.expect_sequence();
  for (std::size_t i = 0; i < n; ++i) out.push_back(field.element(i).as_string());
  return out;
}

ComputeRules parse_compute(const YamlField& field) {
  field.expect_map({"billed_time", "granularity_ms", "minimum_billed_ms", "memory_mb",
                    "memory_billing", "memory_rounding_mb", "instance_sizes_mb", "timeout_s",
                    "init_billed", "architectures", "ephemeral_storage_mb", "cpu_ghz_by_memory_mb",
                    "vcpu", "account_concurrency_limit", "source"});
  ComputeRules rules;
  const YamlField billed_time = field.required("billed_time");
  const std::string basis = billed_time.as_string();
  if (basis != "wall" && basis != "cpu")
    billed_time.fail("must be wall or cpu, got '" + basis + "'");
  rules.cpu_time = basis == "cpu";
  rules.granularity_ms = field.required("granularity_ms").as_number_in(0.001, 3600000);
  rules.minimum_billed_ms = field.required("minimum_billed_ms").as_number_in(0, 3600000);

  const YamlField memory = field.required("memory_mb");
  memory.expect_map({"min", "max", "step"});
  rules.memory_min_mb = memory.required("min").as_number_in(1, 1048576);
  const YamlField memory_max = memory.required("max");
  rules.memory_max_mb = memory_max.as_number_in(1, 1048576);
  if (rules.memory_max_mb < rules.memory_min_mb) memory_max.fail("must not be below min");
  rules.memory_step_mb = memory.required("step").as_number_in(1, 1048576);

  const YamlField billing = field.required("memory_billing");
  rules.memory_billing = billing.as_string();
  if (rules.memory_billing != "configured" && rules.memory_billing != "observed" &&
      rules.memory_billing != "instance") {
    billing.fail("must be configured, observed or instance, got '" + rules.memory_billing + "'");
  }
  rules.memory_rounding_mb = field.required("memory_rounding_mb").as_number_in(1, 1048576);
  if (field.has("instance_sizes_mb")) {
    const YamlField sizes = field.required("instance_sizes_mb");
    const std::size_t n = sizes.expect_sequence();
    for (std::size_t i = 0; i < n; ++i) {
      rules.instance_sizes_mb.push_back(sizes.element(i).as_number_in(1, 1048576));
    }
    std::sort(rules.instance_sizes_mb.begin(), rules.instance_sizes_mb.end());
  }
  if (rules.memory_billing == "instance" && rules.instance_sizes_mb.empty()) {
    billing.fail("instance billing needs instance_sizes_mb");
  }

  const YamlField timeout = field.required("timeout_s");
  timeout.expect_map({"default", "max"});
  rules.timeout_max_s = timeout.required("max").as_number_in(0.001, 31536000);
  rules.timeout_default_s = timeout.required("default").as_number_in(0.001, rules.timeout_max_s);
  rules.init_billed = field.required("init_billed").as_bool();

  const YamlField arches = field.required("architectures");
  rules.architectures = parse_string_list(arches);
  if (rules.architectures.empty()) arches.fail("must list at least one architecture");

  if (field.has("ephemeral_storage_mb")) {
    const YamlField eph = field.required("ephemeral_storage_mb");
    eph.expect_map({"included", "max"});
    rules.ephemeral_included_mb = eph.required("included").as_number_in(0, 1048576);
    rules.ephemeral_max_mb =
        eph.required("max").as_number_in(*rules.ephemeral_included_mb, 1048576);
  }
  if (field.has("cpu_ghz_by_memory_mb")) {
    const YamlField table = field.required("cpu_ghz_by_memory_mb");
    if (!table.node().IsMap() || table.node().size() == 0) table.fail("expected a non-empty map");
    for (const auto& item : table.node()) {
      const YamlField key(item.first, table.path() + "." + item.first.Scalar(), table.file());
      const YamlField value(item.second, key.path(), table.file());
      rules.cpu_ghz_by_memory_mb[key.as_number_in(1, 1048576)] = value.as_number_in(0.001, 1000);
    }
  }
  if (field.has("vcpu")) {
    const YamlField vcpu = field.required("vcpu");
    vcpu.expect_map({"default", "min", "max"});
    rules.vcpu_min = vcpu.required("min").as_number_in(0.001, 1024);
    rules.vcpu_max = vcpu.required("max").as_number_in(*rules.vcpu_min, 1024);
    rules.vcpu_default = vcpu.required("default").as_number_in(*rules.vcpu_min, *rules.vcpu_max);
  }
  if (field.has("account_concurrency_limit")) {
    rules.account_concurrency_limit =
        static_cast<int>(field.required("account_concurrency_limit").as_number_in(1, 1e9));
  }
  rules.source = parse_source(field.required("source"));
  return rules;
}

Meter parse_meter(const YamlField& field, const std::optional<ComputeRules>& compute) {
  field.expect_map(
      {"id", "description", "quantity", "arch", "per", "tiers", "included", "free_tier", "source"});
  Meter meter;
  meter.where = field.location();
  const YamlField id = field.required("id");
  meter.id = id.as_string();
  if (!is_identifier(meter.id)) id.fail("must be lower-case letters, digits, '-' or '_'");
  meter.description = field.required("description").as_string();
  const YamlField quantity = field.required("quantity");
  const auto q = quantity_from_name(quantity.as_string());
  if (!q) {
    std::string known;
    for (const auto& [name, value] : kQuantityNames)
      known += (known.empty() ? "" : ", ") + std::string(name);
    quantity.fail("unknown quantity '" + quantity.as_string() + "'", "known: " + known);
  }
  meter.quantity = *q;
  const YamlField arch = field.required("arch");
  meter.arch = arch.as_string();
  if (meter.arch != "any" && compute &&
      std::find(compute->architectures.begin(), compute->architectures.end(), meter.arch) ==
          compute->architectures.end()) {
    arch.fail("'" + meter.arch + "' is not one of compute.architectures");
  }
  meter.per = field.required("per").as_number_in(1e-9, kHuge);

  const YamlField tiers = field.required("tiers");
  const std::size_t n = tiers.expect_sequence();
  if (n == 0) tiers.fail("must have at least one tier");
  double previous = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const YamlField tier_field = tiers.element(i);
    tier_field.expect_map({"up_to", "usd"});
    PriceTier tier;
    tier.usd = tier_field.required("usd").as_number_in(0, 1e9);
    const bool last = i + 1 == n;
    if (tier_field.has("up_to")) {
      const YamlField up_to = tier_field.required("up_to");
      if (last) up_to.fail("the last tier has no upper bound; remove up_to");
      tier.up_to = up_to.as_number_in(0, kHuge);
      if (tier.up_to <= previous) up_to.fail("tiers must be in ascending order of up_to");
      previous = tier.up_to;
    } else if (!last) {
      tier_field.fail("missing field up_to (every tier but the last needs one)");
    }
    meter.tiers.push_back(tier);
  }
  meter.included = field.number_or("included", 0);
  if (meter.included < 0) field.required("included").fail("must not be negative");
  if (field.has("free_tier")) {
    const YamlField free = field.required("free_tier");
    free.expect_map({"quantity", "note"});
    meter.free_tier = free.required("quantity").as_number_in(0, kHuge);
    meter.free_tier_note = free.string_or("note", "");
  }
  meter.source = parse_source(field.required("source"));
  return meter;
}

AttackerRates parse_attacker(const YamlField& field) {
  field.expect_map(
      {"instance_usd_per_hour", "requests_per_second_per_instance", "egress_usd_per_gb", "source"});
  AttackerRates rates;
  rates.instance_usd_per_hour = field.required("instance_usd_per_hour").as_number_in(0, 1e6);
  rates.requests_per_second_per_instance =
      field.required("requests_per_second_per_instance").as_number_in(1e-6, 1e12);
  rates.egress_usd_per_gb = field.required("egress_usd_per_gb").as_number_in(0, 1e6);
  rates.source = parse_source(field.required("source"));
  return rates;
}

}  // namespace

std::optional<Quantity> quantity_from_name(std::string_view name) {
  for (const auto& [text, value] : kQuantityNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string_view quantity_name(Quantity quantity) {
  for (const auto& [text, value] : kQuantityNames) {
    if (value == quantity) return text;
  }
  return "unknown";
}

namespace detail {

PricingSheet parse_pricing_node(const YAML::Node& root_node, const std::string& file) {
  const YamlField root(root_node, "", file);
  if (!root_node.IsMap()) {
    throw InputError({file, 1, 0, ""}, "a pricing file must be a YAML map");
  }
  root.expect_map(
      {"schema", "provider", "kind", "name", "region", "compute", "attacker", "meters"});
  const YamlField schema = root.required("schema");
  if (schema.as_string() != "walletfuzz.pricing/1") {
    schema.fail("unsupported schema '" + schema.as_string() + "'", "expected walletfuzz.pricing/1");
  }
  PricingSheet sheet;
  sheet.file = file;
  const YamlField provider = root.required("provider");
  sheet.provider = provider.as_string();
  if (!is_identifier(sheet.provider))
    provider.fail("must be lower-case letters, digits, '-' or '_'");
  const YamlField kind = root.required("kind");
  sheet.kind = kind.as_string();
  if (sheet.kind != "compute" && sheet.kind != "addon" && sheet.kind != "attacker") {
    kind.fail("must be compute, addon or attacker, got '" + sheet.kind + "'");
  }
  sheet.name = root.required("name").as_string();
  sheet.region = root.required("region").as_string();
  if (sheet.kind == "compute") {
    sheet.compute = parse_compute(root.required("compute"));
  } else if (root.has("compute")) {
    root.required("compute").fail("only compute sheets have compute rules");
  }
  if (sheet.kind == "attacker") sheet.attacker = parse_attacker(root.required("attacker"));

  const YamlField meters = root.required("meters");
  const std::size_t n = meters.expect_sequence();
  std::set<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) {
    Meter meter = parse_meter(meters.element(i), sheet.compute);
    if (!ids.insert(meter.id).second) {
      meters.element(i).required("id").fail("duplicate meter id '" + meter.id + "'");
    }
    sheet.meters.push_back(std::move(meter));
  }
  if (sheet.kind != "attacker" && sheet.meters.empty()) meters.fail("must have at least one meter");
  return sheet;
}

}  // namespace detail

PricingSheet parse_pricing_sheet(std::string_view yaml_text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                      e.mark.column >= 0 ? e.mark.column + 1 : 0, ""},
                     "invalid YAML: " + e.msg);
  }
  return detail::parse_pricing_node(root, file);
}

}  // namespace walletfuzz::cost_model
