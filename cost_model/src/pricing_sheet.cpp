#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>

#include "pricing_parse.hpp"
#include "walletfuzz/yaml_reading/document.hpp"
#include "walletfuzz/yaml_reading/suggest.hpp"
#include "walletfuzz/yaml_reading/values.hpp"

namespace walletfuzz::cost_model {
namespace {

// Every problem of a pricing file is collected (walletfuzz/yaml_reading) and thrown together,
// each with file:line:column and its field path, as for scenarios. A field with a problem keeps
// its default, so the checks after it still run and find their own problems.
using yaml_reading::MapReader;
using yaml_reading::ProblemLog;

std::optional<double> required_number(MapReader& map, std::string_view key, double low,
                                      double high) {
  double value = 0;
  if (!map.has(key)) {
    map.missing(key, {});
    return std::nullopt;
  }
  if (!map.read_in(key, low, high, value)) return std::nullopt;
  return value;
}

std::optional<std::string> required_text(MapReader& map, std::string_view key) {
  std::string value;
  if (!map.has(key)) {
    map.missing(key, {});
    return std::nullopt;
  }
  if (!map.read(key, value)) return std::nullopt;
  return value;
}

// A required map section's reader (reads as empty, after reporting, when absent).
MapReader required_map(ProblemLog& log, MapReader& parent, std::string_view key,
                       std::vector<std::string> keys) {
  if (!parent.has(key)) parent.missing(key, {});
  return MapReader(log, parent.get(key), parent.field(key), std::move(keys));
}

// The list under `key`, or an empty node after reporting when it is not a list.
YAML::Node required_list(ProblemLog& log, MapReader& map, std::string_view key) {
  if (!map.has(key)) {
    map.missing(key, {});
    return YAML::Node(YAML::NodeType::Sequence);
  }
  YAML::Node list = map.get(key);
  if (!list.IsSequence()) {
    log.report(list.Mark(), map.field(key), "expected a list, got " + yaml_reading::describe(list),
               "write [a, b] or one '- item' per line");
    return YAML::Node(YAML::NodeType::Sequence);
  }
  log.note(list.Mark(), map.field(key));
  return list;
}

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

PriceSource parse_source(ProblemLog& log, MapReader& parent) {
  MapReader field = required_map(log, parent, "source", {"url", "as_of", "note", "verified"});
  PriceSource source;
  if (auto url = required_text(field, "url")) {
    source.url = *url;
    if (source.url.rfind("http://", 0) != 0 && source.url.rfind("https://", 0) != 0) {
      field.report("url", "must be an http(s) URL");
    }
  }
  if (auto as_of = required_text(field, "as_of")) {
    source.as_of = *as_of;
    if (!is_date(source.as_of)) {
      field.report("as_of",
                   "must be a date YYYY-MM-DD, got '" + yaml_reading::excerpt(*as_of) + "'");
    }
  }
  field.read("note", source.note);
  field.read("verified", source.verified);
  return source;
}

ComputeRules parse_compute(ProblemLog& log, MapReader& root) {
  MapReader field =
      required_map(log, root, "compute",
                   {"billed_time", "granularity_ms", "minimum_billed_ms", "memory_mb",
                    "memory_billing", "memory_rounding_mb", "instance_sizes_mb", "timeout_s",
                    "init_billed", "architectures", "ephemeral_storage_mb", "cpu_ghz_by_memory_mb",
                    "vcpu", "account_concurrency_limit", "source"});
  ComputeRules rules;
  if (!field.has("billed_time")) {
    field.missing("billed_time", "wall or cpu");
  } else if (auto basis = yaml_reading::read_choice(log, field.get("billed_time"),
                                                    field.field("billed_time"), {"wall", "cpu"})) {
    rules.cpu_time = *basis == 1;
  }
  rules.granularity_ms = required_number(field, "granularity_ms", 0.001, 3600000).value_or(1);
  rules.minimum_billed_ms = required_number(field, "minimum_billed_ms", 0, 3600000).value_or(0);

  MapReader memory = required_map(log, field, "memory_mb", {"min", "max", "step"});
  rules.memory_min_mb = required_number(memory, "min", 1, 1048576).value_or(rules.memory_min_mb);
  if (auto max = required_number(memory, "max", 1, 1048576)) {
    rules.memory_max_mb = *max;
    if (rules.memory_max_mb < rules.memory_min_mb) memory.report("max", "must not be below min");
  }
  rules.memory_step_mb = required_number(memory, "step", 1, 1048576).value_or(1);

  if (!field.has("memory_billing")) {
    field.missing("memory_billing", "configured, observed or instance");
  } else if (auto billing = yaml_reading::read_choice(log, field.get("memory_billing"),
                                                      field.field("memory_billing"),
                                                      {"configured", "observed", "instance"})) {
    rules.memory_billing = std::array{"configured", "observed", "instance"}[*billing];
  }
  rules.memory_rounding_mb = required_number(field, "memory_rounding_mb", 1, 1048576).value_or(1);
  if (field.has("instance_sizes_mb")) {
    YAML::Node sizes = required_list(log, field, "instance_sizes_mb");
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      auto size = yaml_reading::read_number_in(
          log, sizes[i], yaml_reading::index_field(field.field("instance_sizes_mb"), i), 1,
          1048576);
      if (size) rules.instance_sizes_mb.push_back(*size);
    }
    std::sort(rules.instance_sizes_mb.begin(), rules.instance_sizes_mb.end());
  }
  if (rules.memory_billing == "instance" && rules.instance_sizes_mb.empty() &&
      !log.failed(field.field("instance_sizes_mb"))) {
    field.report("memory_billing", "instance billing needs instance_sizes_mb");
  }

  MapReader timeout = required_map(log, field, "timeout_s", {"default", "max"});
  rules.timeout_max_s = required_number(timeout, "max", 0.001, 31536000).value_or(900);
  rules.timeout_default_s =
      required_number(timeout, "default", 0.001, rules.timeout_max_s).value_or(3);
  if (!field.has("init_billed")) field.missing("init_billed", "true or false");
  field.read("init_billed", rules.init_billed);

  if (!field.has("architectures")) field.missing("architectures", {});
  if (field.read("architectures", rules.architectures) && rules.architectures.empty()) {
    field.report("architectures", "must list at least one architecture");
  }

  if (field.has("ephemeral_storage_mb")) {
    MapReader eph = required_map(log, field, "ephemeral_storage_mb", {"included", "max"});
    rules.ephemeral_included_mb = required_number(eph, "included", 0, 1048576);
    rules.ephemeral_max_mb =
        required_number(eph, "max", rules.ephemeral_included_mb.value_or(0), 1048576)
            .value_or(rules.ephemeral_max_mb);
  }
  if (field.has("cpu_ghz_by_memory_mb")) {
    const YAML::Node table = field.get("cpu_ghz_by_memory_mb");
    const std::string path = field.field("cpu_ghz_by_memory_mb");
    if (!table.IsMap() || table.size() == 0) {
      log.report(table.Mark(), path,
                 "expected a non-empty map, got " + yaml_reading::describe(table));
    } else {
      for (auto it = table.begin(); it != table.end(); ++it) {
        const YAML::Node key = it->first;
        const std::string item = yaml_reading::join_field(
            path, key.IsScalar() ? yaml_reading::excerpt(key.Scalar()) : std::string("?"));
        auto mb = yaml_reading::read_number_in(log, key, item, 1, 1048576);
        auto ghz = yaml_reading::read_number_in(log, it->second, item, 0.001, 1000);
        if (mb && ghz) rules.cpu_ghz_by_memory_mb[*mb] = *ghz;
      }
    }
  }
  if (field.has("vcpu")) {
    MapReader vcpu = required_map(log, field, "vcpu", {"default", "min", "max"});
    rules.vcpu_min = required_number(vcpu, "min", 0.001, 1024);
    rules.vcpu_max = required_number(vcpu, "max", rules.vcpu_min.value_or(0.001), 1024);
    rules.vcpu_default = required_number(vcpu, "default", rules.vcpu_min.value_or(0.001),
                                         rules.vcpu_max.value_or(1024));
  }
  if (field.has("account_concurrency_limit")) {
    if (auto limit = required_number(field, "account_concurrency_limit", 1, 1e9)) {
      rules.account_concurrency_limit = static_cast<int>(*limit);
    }
  }
  rules.source = parse_source(log, field);
  return rules;
}

Meter parse_meter(ProblemLog& log, const YAML::Node& node, const std::string& path,
                  const std::optional<ComputeRules>& compute) {
  MapReader field(
      log, node, path,
      {"id", "description", "quantity", "arch", "per", "tiers", "included", "free_tier", "source"});
  if (!node.IsMap()) return Meter{};
  Meter meter;
  meter.where = log.location(node.Mark(), path);
  if (auto id = required_text(field, "id")) {
    meter.id = *id;
    if (!is_identifier(meter.id)) {
      field.report("id", "must be lower-case letters, digits, '-' or '_'");
    }
  }
  meter.description = required_text(field, "description").value_or("");
  if (auto quantity = required_text(field, "quantity")) {
    if (auto q = quantity_from_name(*quantity)) {
      meter.quantity = *q;
    } else {
      std::vector<std::string> known;
      for (const auto& [name, value] : kQuantityNames) known.emplace_back(name);
      field.report("quantity", "unknown quantity '" + yaml_reading::excerpt(*quantity) + "'",
                   yaml_reading::suggestion_hint(*quantity, known, "known:"));
    }
  }
  if (auto arch = required_text(field, "arch")) {
    meter.arch = *arch;
    if (meter.arch != "any" && compute &&
        std::find(compute->architectures.begin(), compute->architectures.end(), meter.arch) ==
            compute->architectures.end()) {
      field.report("arch", "'" + yaml_reading::excerpt(meter.arch) +
                               "' is not one of compute.architectures");
    }
  }
  meter.per = required_number(field, "per", 1e-9, kHuge).value_or(1);

  const YAML::Node tiers = required_list(log, field, "tiers");
  const std::string tiers_path = field.field("tiers");
  if (tiers.size() == 0 && field.has("tiers") && !log.failed(tiers_path)) {
    log.report(tiers.Mark(), tiers_path, "must have at least one tier");
  }
  double previous = 0;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    const std::string tier_path = yaml_reading::index_field(tiers_path, i);
    MapReader tier_field(log, tiers[i], tier_path, {"up_to", "usd"});
    PriceTier tier;
    tier.usd = required_number(tier_field, "usd", 0, 1e9).value_or(0);
    const bool last = i + 1 == tiers.size();
    if (tier_field.has("up_to")) {
      if (last) {
        tier_field.report("up_to", "the last tier has no upper bound; remove up_to");
      } else if (tier_field.read_in("up_to", 0, kHuge, tier.up_to)) {
        if (tier.up_to <= previous) {
          tier_field.report("up_to", "tiers must be in ascending order of up_to");
        }
        previous = tier.up_to;
      }
    } else if (!last) {
      tier_field.missing("up_to", "every tier but the last needs one");
    }
    meter.tiers.push_back(tier);
  }
  if (field.read("included", meter.included) && meter.included < 0) {
    field.report("included", "must not be negative");
  }
  if (field.has("free_tier")) {
    MapReader free = required_map(log, field, "free_tier", {"quantity", "note"});
    meter.free_tier = required_number(free, "quantity", 0, kHuge).value_or(0);
    free.read("note", meter.free_tier_note);
  }
  meter.source = parse_source(log, field);
  return meter;
}

AttackerRates parse_attacker(ProblemLog& log, MapReader& root) {
  MapReader field = required_map(
      log, root, "attacker",
      {"instance_usd_per_hour", "requests_per_second_per_instance", "egress_usd_per_gb", "source"});
  AttackerRates rates;
  rates.instance_usd_per_hour = required_number(field, "instance_usd_per_hour", 0, 1e6).value_or(0);
  rates.requests_per_second_per_instance =
      required_number(field, "requests_per_second_per_instance", 1e-6, 1e12).value_or(1);
  rates.egress_usd_per_gb = required_number(field, "egress_usd_per_gb", 0, 1e6).value_or(0);
  rates.source = parse_source(log, field);
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

YAML::Node load_pricing_yaml(std::string_view yaml_text, const std::string& file) {
  ProblemLog log(file);
  auto root = yaml_reading::read_document(std::string(yaml_text), log, "pricing file");
  log.throw_if_any();
  return *root;
}

PricingSheet parse_pricing_node(const YAML::Node& root_node, const std::string& file) {
  ProblemLog log(file);
  if (!root_node.IsMap()) {
    throw InputError({file, 1, 0, ""}, "a pricing file must be a YAML map");
  }
  MapReader root(
      log, root_node, "",
      {"schema", "provider", "kind", "name", "region", "compute", "attacker", "meters", "limits"});
  PricingSheet sheet;
  sheet.file = file;
  if (auto schema = required_text(root, "schema"); schema && *schema != "walletfuzz.pricing/1") {
    root.report("schema", "unsupported schema '" + yaml_reading::excerpt(*schema) + "'",
                "expected walletfuzz.pricing/1");
  }
  if (auto provider = required_text(root, "provider")) {
    sheet.provider = *provider;
    if (!is_identifier(sheet.provider)) {
      root.report("provider", "must be lower-case letters, digits, '-' or '_'");
    }
  }
  if (!root.has("kind")) {
    root.missing("kind", "compute, addon or attacker");
  } else if (auto kind = yaml_reading::read_choice(log, root.get("kind"), "kind",
                                                   {"compute", "addon", "attacker"})) {
    sheet.kind = std::array{"compute", "addon", "attacker"}[*kind];
  }
  sheet.name = required_text(root, "name").value_or("");
  sheet.region = required_text(root, "region").value_or("");
  if (sheet.kind == "compute") {
    sheet.compute = parse_compute(log, root);
  } else if (root.has("compute")) {
    root.report("compute", "only compute sheets have compute rules");
  }
  if (sheet.kind == "attacker") sheet.attacker = parse_attacker(log, root);
  if (root.has("limits")) {
    MapReader limits = required_map(log, root, "limits", {"max_request_bytes", "source"});
    sheet.limits = RequestLimits{
        .max_request_bytes = required_number(limits, "max_request_bytes", 1, 1e12).value_or(0),
        .source = parse_source(log, limits)};
  }

  const YAML::Node meters = required_list(log, root, "meters");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < meters.size(); ++i) {
    const std::string path = yaml_reading::index_field("meters", i);
    Meter meter = parse_meter(log, meters[i], path, sheet.compute);
    if (!meter.id.empty() && !ids.insert(meter.id).second) {
      log.report(meters[i]["id"].Mark(), path + ".id", "duplicate meter id '" + meter.id + "'");
    }
    sheet.meters.push_back(std::move(meter));
  }
  if (sheet.kind != "attacker" && sheet.kind != "" && sheet.meters.empty() && root.has("meters") &&
      !log.failed("meters")) {
    root.report("meters", "must have at least one meter");
  }
  log.throw_if_any();
  return sheet;
}

}  // namespace detail

PricingSheet parse_pricing_sheet(std::string_view yaml_text, const std::string& file) {
  return detail::parse_pricing_node(detail::load_pricing_yaml(yaml_text, file), file);
}

}  // namespace walletfuzz::cost_model
