// Parsers of findings.json, load.json and cost.json (docs/FORMATS.md) into RunData values.
#include <boost/json.hpp>

#include "json_fields.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/reports/run_data.hpp"

namespace walletfuzz::reports {
namespace json = boost::json;
using detail::JsonObjectView;

namespace {

// A file of another kind or of a future major version would be misread field by field; refuse
// it once, clearly. A missing schema string is accepted (hand-made or older files).
void check_schema(const JsonObjectView& root, const std::string& expected_prefix) {
  auto schema = root.string("schema");
  if (!schema) return;
  if (schema->rfind(expected_prefix, 0) != 0) {
    root.fail("schema", "expected \"" + expected_prefix + "1\", found \"" + *schema + "\"");
  }
  if (schema->substr(expected_prefix.size()) != "1" &&
      schema->substr(expected_prefix.size()).rfind("1.", 0) != 0) {
    root.fail("schema", "unsupported version \"" + *schema + "\" (this walletfuzz reads " +
                            expected_prefix + "1)");
  }
}

LatencySummary parse_latency(const JsonObjectView& view) {
  LatencySummary summary;
  summary.count = view.count("count").value_or(0);
  for (const auto& entry : view.raw()) {
    std::string key(entry.key());
    if (key == "count") continue;
    // Only numbers are latency figures; producers may add other members (units, notes).
    if (entry.value().is_number()) {
      if (auto value = view.non_negative(key)) summary.percentiles[key] = *value;
    }
  }
  return summary;
}

std::map<std::string, std::uint64_t> parse_counts(const std::optional<JsonObjectView>& view) {
  std::map<std::string, std::uint64_t> counts;
  if (!view) return counts;
  for (const auto& entry : view->raw()) {
    std::string key(entry.key());
    if (auto value = view->count(key)) counts[key] = *value;
  }
  return counts;
}

std::vector<JsonObjectView> objects_of(const JsonObjectView& root, std::string_view key) {
  std::vector<JsonObjectView> views;
  const json::array* array = root.array(key);
  if (!array) return views;
  for (std::size_t i = 0; i < array->size(); ++i) {
    views.push_back(detail::element_object(*array, i, root.file(), root.path_of(key)));
  }
  return views;
}

}  // namespace

std::optional<double> LatencySummary::get(const std::string& key) const {
  auto it = percentiles.find(key);
  if (it == percentiles.end()) return std::nullopt;
  return it->second;
}

std::vector<Finding> parse_findings_json(std::string_view text, const std::string& file,
                                         std::string* generated_at) {
  json::value document = detail::parse_json_text(text, file);
  JsonObjectView root = detail::root_object(document, file);
  check_schema(root, "walletfuzz.findings/");
  if (generated_at) *generated_at = root.string("generated_at").value_or("");
  if (!root.array("findings")) root.fail("findings", "missing (expected an array of findings)");

  std::vector<Finding> findings;
  for (const JsonObjectView& item : objects_of(root, "findings")) {
    Finding finding;
    auto id = item.string("id");
    if (!id || id->empty()) item.fail("id", "missing (every finding needs an id)");
    finding.id = *id;
    finding.handler = item.string("handler").value_or("");
    finding.kind = item.string("kind").value_or("unknown");
    finding.file = item.string("file").value_or("");
    finding.signature = item.string("signature").value_or(finding.id);
    finding.summary = item.string("summary").value_or("");
    if (auto cost = item.object("cost")) {
      finding.median_ns = cost->non_negative("median_ns");
      finding.baseline_median_ns = cost->non_negative("baseline_median_ns");
      finding.work_units = cost->non_negative("work_units");
      finding.peak_memory_bytes = cost->non_negative("peak_memory_bytes");
    }
    finding.amplification = item.non_negative("amplification");
    if (auto leak = item.object("leak")) {
      finding.leak =
          LeakInfo{leak->string("family").value_or(""), leak->string("rule").value_or(""),
                   leak->string("severity").value_or("")};
    }
    finding.first_seen = item.string("first_seen").value_or("");
    finding.reproducible = item.boolean("reproducible").value_or(true);
    finding.flaky = item.boolean("flaky").value_or(false);
    findings.push_back(std::move(finding));
  }
  return findings;
}

LoadResult parse_load_json(std::string_view text, const std::string& file) {
  json::value document = detail::parse_json_text(text, file);
  JsonObjectView root = detail::root_object(document, file);
  check_schema(root, "walletfuzz.load/");
  LoadResult load;
  load.target = root.string("target").value_or("");
  load.partial = root.boolean("partial").value_or(false);
  load.started_at = root.string("started_at").value_or("");
  load.duration_s = root.non_negative("duration_s");
  load.mode = root.string("mode").value_or("");
  for (const JsonObjectView& item : objects_of(root, "classes")) {
    LoadClass entry;
    auto name = item.string("name");
    if (!name || name->empty()) item.fail("name", "missing (every class needs a name)");
    entry.name = *name;
    entry.kind = item.string("kind").value_or("baseline");
    entry.handler = item.string("handler").value_or("");
    entry.finding_id = item.string("finding_id").value_or("");
    entry.sent = item.count("sent").value_or(0);
    entry.responses = item.count("responses").value_or(0);
    entry.dropped = item.count("dropped").value_or(0);
    entry.throttled = item.count("throttled").value_or(0);
    entry.leaks = item.count("leaks").value_or(0);
    entry.errors = parse_counts(item.object("errors"));
    entry.status = parse_counts(item.object("status"));
    entry.achieved_rate = item.non_negative("achieved_rate");
    if (auto latency = item.object("latency_ms")) entry.latency = parse_latency(*latency);
    if (auto latency = item.object("latency_uncorrected_ms")) {
      entry.latency_uncorrected = parse_latency(*latency);
    }
    load.classes.push_back(std::move(entry));
  }
  return load;
}

CostResult parse_cost_json(std::string_view text, const std::string& file) {
  json::value document = detail::parse_json_text(text, file);
  JsonObjectView root = detail::root_object(document, file);
  check_schema(root, "walletfuzz.cost/");
  CostResult cost;
  cost.provider = root.string("provider").value_or("");
  cost.region = root.string("region").value_or("");
  cost.arch = root.string("arch").value_or("");
  cost.total_usd = root.non_negative("total_usd");
  for (const JsonObjectView& item : objects_of(root, "classes")) {
    CostClass entry;
    auto name = item.string("name");
    if (!name || name->empty()) item.fail("name", "missing (every class needs a name)");
    entry.name = *name;
    entry.kind = item.string("kind").value_or("baseline");
    entry.handler = item.string("handler").value_or("");
    entry.requests = item.non_negative("requests");
    entry.memory_mb = item.non_negative("memory_mb");
    entry.billed_ms_mean = item.non_negative("billed_ms_mean");
    entry.cost_per_request_usd = item.non_negative("cost_per_request_usd");
    entry.cost_per_million_usd = item.non_negative("cost_per_million_usd");
    // Either price implies the other; producers may write only one of them.
    if (!entry.cost_per_million_usd && entry.cost_per_request_usd) {
      entry.cost_per_million_usd = *entry.cost_per_request_usd * 1e6;
    }
    if (!entry.cost_per_request_usd && entry.cost_per_million_usd) {
      entry.cost_per_request_usd = *entry.cost_per_million_usd / 1e6;
    }
    entry.amplification = item.non_negative("amplification");
    // cost_model writes "throttle_onset_rps" (Little's law against the effective concurrency
    // limit, reserved concurrency included); "throttle_rate_rps" is accepted as a synonym.
    entry.throttle_rate_rps = item.non_negative("throttle_onset_rps");
    if (!entry.throttle_rate_rps) entry.throttle_rate_rps = item.non_negative("throttle_rate_rps");
    entry.finding_id = item.string("finding_id").value_or("");
    cost.classes.push_back(std::move(entry));
  }
  for (const JsonObjectView& item : objects_of(root, "functions")) {
    CostFunction entry;
    entry.name = item.string("name").value_or("");
    entry.arch = item.string("arch").value_or("");
    entry.memory_mb = item.non_negative("memory_mb");
    entry.invocations = item.non_negative("invocations");
    entry.total_usd = item.non_negative("total_usd");
    if (auto log = item.object("report_log"))
      entry.report_total_usd = log->non_negative("total_usd");
    for (const JsonObjectView& line : objects_of(item, "line_items")) {
      entry.line_items.push_back(
          {line.string("description").value_or(line.string("meter").value_or("")),
           line.non_negative("usd").value_or(0)});
    }
    cost.functions.push_back(std::move(entry));
  }
  for (const JsonObjectView& item : objects_of(root, "attacker")) {
    AttackerProjection projection;
    projection.class_name = item.string("class").value_or("");
    projection.rate_rps = item.non_negative("rate_rps");
    projection.hours = item.non_negative("hours");
    projection.owner_cost_usd = item.non_negative("owner_cost_usd");
    projection.usd_per_day = item.non_negative("usd_per_day");
    projection.owner_usd_per_attacker_usd = item.non_negative("owner_usd_per_attacker_usd");
    cost.attacker.push_back(std::move(projection));
  }
  if (auto concurrency = root.object("concurrency")) {
    cost.account_concurrency_limit = concurrency->non_negative("account_limit");
    cost.throttle_rate_rps = concurrency->non_negative("throttle_rate_rps");
  }
  return cost;
}

}  // namespace walletfuzz::reports
