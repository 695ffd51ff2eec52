#include "walletfuzz/formats/cost.hpp"

#include "cost_json.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/json_text.hpp"

namespace walletfuzz::formats {
namespace json = boost::json;
using detail::JsonObjectView;
using detail::optional_number;
using detail::optional_text;
using detail::strings_json;

namespace detail {

json::array line_items_json(const std::vector<LineItemRecord>& items) {
  json::array out;
  for (const LineItemRecord& item : items) {
    out.push_back(json::object{{"provider", item.provider},
                               {"meter", item.meter},
                               {"description", item.description},
                               {"quantity", item.quantity},
                               {"total", item.total},
                               {"free", item.free},
                               {"billable", item.billable},
                               {"usd", item.usd},
                               {"source_url", item.source_url},
                               {"as_of", item.as_of},
                               {"verified", item.verified}});
  }
  return out;
}

}  // namespace detail

namespace {
using detail::line_items_json;
using detail::read_line_items;

json::object class_json(const CostClassRecord& c) {
  return {{"name", c.name},
          {"kind", c.kind},
          {"handler", c.handler},
          {"finding_id", optional_text(c.finding_id)},
          {"source", c.source},
          {"requests", c.requests},
          {"sent", c.sent},
          {"throttled", c.throttled},
          {"timeouts", c.timeouts},
          {"function", optional_text(c.function)},
          {"arch", c.arch},
          {"memory_mb", c.memory_mb},
          {"billed_memory_mb", c.billed_memory_mb},
          {"duration_ms_mean", c.duration_ms_mean},
          {"billed_ms_mean", c.billed_ms_mean},
          {"billed_ms_total", c.billed_ms_total},
          {"cost_per_request_usd", c.cost_per_request_usd},
          {"cost_per_million_usd", c.cost_per_million_usd},
          {"amplification", optional_number(c.amplification)},
          {"throttle_onset_rps", optional_number(c.throttle_onset_rps)}};
}

json::value at_limits_json(const std::optional<AttackAtLimitsRecord>& limits) {
  if (!limits) return nullptr;
  const AttackAtLimitsRecord& l = *limits;
  return json::object{
      {"request_bytes", l.request_bytes},
      {"duration_ms", l.duration_ms},
      {"billed_ms", l.billed_ms},
      {"cost_per_request_usd", l.cost_per_request_usd},
      {"reaches_timeout", l.reaches_timeout},
      {"timeout_request_bytes", optional_number(l.timeout_request_bytes)},
      {"executed_rps", l.executed_rps},
      {"throttled_fraction", l.throttled_fraction},
      {"concurrency", l.concurrency},
      {"owner_cost_usd", l.owner_cost_usd},
      {"usd_per_day", l.usd_per_day},
      {"monthly_exposure_usd", l.monthly_exposure_usd},
      {"attacker_cost_usd", l.attacker_cost_usd},
      {"owner_usd_per_attacker_usd", optional_number(l.owner_usd_per_attacker_usd)}};
}

json::object attacker_json(const AttackerRecord& a) {
  return {{"class", a.class_name},
          {"rate_rps", a.rate_rps},
          {"hours", a.hours},
          {"executed_rps", a.executed_rps},
          {"throttled_fraction", a.throttled_fraction},
          {"concurrency", a.concurrency},
          {"owner_cost_usd", a.owner_cost_usd},
          {"usd_per_day", a.usd_per_day},
          {"monthly_exposure_usd", a.monthly_exposure_usd},
          {"attacker_cost_usd", a.attacker_cost_usd},
          {"owner_usd_per_attacker_usd", optional_number(a.owner_usd_per_attacker_usd)},
          {"at_limits", at_limits_json(a.at_limits)}};
}

json::object report_log_json(const ReportLogRecord& log) {
  json::array malformed;
  for (const MalformedLineRecord& bad : log.malformed) {
    malformed.push_back(json::object{{"line", bad.line}, {"message", bad.message}});
  }
  return {{"file", log.file},
          {"lines", log.lines},
          {"records", log.records},
          {"duplicates", log.duplicates},
          {"malformed_count", log.malformed_count},
          {"malformed", std::move(malformed)},
          {"cold_starts", log.cold_starts},
          {"timeouts", log.timeouts},
          {"billed_ms_total", log.billed_ms_total},
          {"recomputed_billed_ms_total", log.recomputed_billed_ms_total},
          {"billed_mismatches", log.billed_mismatches},
          {"line_items", line_items_json(log.line_items)},
          {"total_usd", log.total_usd}};
}

json::value comparison_json(const std::optional<ComparisonRecord>& c) {
  if (!c) return nullptr;
  return json::object{{"load_total_usd", c->load_total_usd},
                      {"report_total_usd", c->report_total_usd},
                      {"difference_pct", optional_number(c->difference_pct)}};
}

json::object function_json(const CostFunctionRecord& f) {
  return {{"name", optional_text(f.name)},
          {"provider", f.provider},
          {"region", f.region},
          {"arch", f.arch},
          {"memory_mb", f.memory_mb},
          {"billed_memory_mb", f.billed_memory_mb},
          {"timeout_s", f.timeout_s},
          {"reserved_concurrency", optional_number(f.reserved_concurrency)},
          {"classes", strings_json(f.classes)},
          {"invocations", f.invocations},
          {"line_items", line_items_json(f.line_items)},
          {"total_usd", f.total_usd},
          {"report_log", f.report_log ? json::value(report_log_json(*f.report_log)) : nullptr},
          {"comparison", comparison_json(f.comparison)}};
}

std::optional<ComparisonRecord> read_comparison(const JsonObjectView& parent) {
  const std::optional<JsonObjectView> c = parent.object("comparison");
  if (!c) return std::nullopt;
  return ComparisonRecord{c->non_negative("load_total_usd").value_or(0),
                          c->non_negative("report_total_usd").value_or(0),
                          c->number("difference_pct")};
}

}  // namespace

std::vector<LineItemRecord> detail::read_line_items(const JsonObjectView& parent) {
  std::vector<LineItemRecord> out;
  for (const JsonObjectView& item : parent.objects("line_items")) {
    LineItemRecord r;
    r.provider = item.string("provider").value_or("");
    r.meter = item.string("meter").value_or("");
    r.description = item.string("description").value_or("");
    r.quantity = item.string("quantity").value_or("");
    r.total = item.non_negative("total").value_or(0);
    r.free = item.non_negative("free").value_or(0);
    r.billable = item.non_negative("billable").value_or(0);
    r.usd = item.non_negative("usd").value_or(0);
    r.source_url = item.string("source_url").value_or("");
    r.as_of = item.string("as_of").value_or("");
    r.verified = item.boolean("verified").value_or(false);
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

CostClassRecord read_class(const JsonObjectView& item) {
  CostClassRecord c;
  c.name = item.required_string("name");
  c.kind = item.string("kind").value_or("baseline");
  c.handler = item.string("handler").value_or("");
  c.finding_id = item.string("finding_id").value_or("");
  c.source = item.string("source").value_or("load");
  c.requests = item.count("requests").value_or(0);
  c.sent = item.count("sent").value_or(0);
  c.throttled = item.count("throttled").value_or(0);
  c.timeouts = item.count("timeouts").value_or(0);
  c.function = item.string("function").value_or("");
  c.arch = item.string("arch").value_or("");
  c.memory_mb = item.non_negative("memory_mb").value_or(0);
  c.billed_memory_mb = item.non_negative("billed_memory_mb").value_or(c.memory_mb);
  c.duration_ms_mean = item.non_negative("duration_ms_mean").value_or(0);
  c.billed_ms_mean = item.non_negative("billed_ms_mean").value_or(0);
  c.billed_ms_total = item.non_negative("billed_ms_total").value_or(0);
  // Either price implies the other; a hand-made file may give only one.
  const std::optional<double> per_request = item.non_negative("cost_per_request_usd");
  const std::optional<double> per_million = item.non_negative("cost_per_million_usd");
  c.cost_per_request_usd = per_request.value_or(per_million.value_or(0) / 1e6);
  c.cost_per_million_usd = per_million.value_or(c.cost_per_request_usd * 1e6);
  c.amplification = item.non_negative("amplification");
  // "throttle_rate_rps" is an older name of the same figure, still read.
  c.throttle_onset_rps = item.non_negative("throttle_onset_rps");
  if (!c.throttle_onset_rps) c.throttle_onset_rps = item.non_negative("throttle_rate_rps");
  return c;
}

AttackerRecord read_attacker(const JsonObjectView& item) {
  AttackerRecord a;
  a.class_name = item.required_string("class");
  a.rate_rps = item.non_negative("rate_rps").value_or(0);
  a.hours = item.non_negative("hours").value_or(0);
  a.executed_rps = item.non_negative("executed_rps").value_or(0);
  a.throttled_fraction = item.non_negative("throttled_fraction").value_or(0);
  a.concurrency = item.non_negative("concurrency").value_or(0);
  a.owner_cost_usd = item.non_negative("owner_cost_usd").value_or(0);
  a.usd_per_day = item.non_negative("usd_per_day").value_or(0);
  a.monthly_exposure_usd = item.non_negative("monthly_exposure_usd").value_or(0);
  a.attacker_cost_usd = item.non_negative("attacker_cost_usd").value_or(0);
  a.owner_usd_per_attacker_usd = item.non_negative("owner_usd_per_attacker_usd");
  if (auto limits = item.object("at_limits")) {
    a.at_limits = AttackAtLimitsRecord{
        .request_bytes = limits->non_negative("request_bytes").value_or(0),
        .duration_ms = limits->non_negative("duration_ms").value_or(0),
        .billed_ms = limits->non_negative("billed_ms").value_or(0),
        .cost_per_request_usd = limits->non_negative("cost_per_request_usd").value_or(0),
        .reaches_timeout = limits->boolean("reaches_timeout").value_or(false),
        .timeout_request_bytes = limits->non_negative("timeout_request_bytes"),
        .executed_rps = limits->non_negative("executed_rps").value_or(0),
        .throttled_fraction = limits->non_negative("throttled_fraction").value_or(0),
        .concurrency = limits->non_negative("concurrency").value_or(0),
        .owner_cost_usd = limits->non_negative("owner_cost_usd").value_or(0),
        .usd_per_day = limits->non_negative("usd_per_day").value_or(0),
        .monthly_exposure_usd = limits->non_negative("monthly_exposure_usd").value_or(0),
        .attacker_cost_usd = limits->non_negative("attacker_cost_usd").value_or(0),
        .owner_usd_per_attacker_usd = limits->non_negative("owner_usd_per_attacker_usd")};
  }
  return a;
}

ReportLogRecord read_report_log(const JsonObjectView& log) {
  ReportLogRecord r;
  r.file = log.string("file").value_or("");
  r.lines = log.count("lines").value_or(0);
  r.records = log.count("records").value_or(0);
  r.duplicates = log.count("duplicates").value_or(0);
  r.malformed_count = log.count("malformed_count").value_or(0);
  for (const JsonObjectView& bad : log.objects("malformed")) {
    r.malformed.push_back({bad.count("line").value_or(0), bad.string("message").value_or("")});
  }
  r.cold_starts = log.count("cold_starts").value_or(0);
  r.timeouts = log.count("timeouts").value_or(0);
  r.billed_mismatches = log.count("billed_mismatches").value_or(0);
  r.billed_ms_total = log.non_negative("billed_ms_total").value_or(0);
  r.recomputed_billed_ms_total = log.non_negative("recomputed_billed_ms_total").value_or(0);
  r.line_items = read_line_items(log);
  r.total_usd = log.non_negative("total_usd").value_or(0);
  return r;
}

CostFunctionRecord read_function(const JsonObjectView& item) {
  CostFunctionRecord f;
  f.name = item.string("name").value_or("");
  f.provider = item.string("provider").value_or("");
  f.region = item.string("region").value_or("");
  f.arch = item.string("arch").value_or("");
  f.memory_mb = item.non_negative("memory_mb").value_or(0);
  f.billed_memory_mb = item.non_negative("billed_memory_mb").value_or(f.memory_mb);
  f.timeout_s = item.non_negative("timeout_s").value_or(0);
  f.reserved_concurrency = item.non_negative("reserved_concurrency");
  f.classes = item.strings("classes");
  f.invocations = item.count("invocations").value_or(0);
  f.line_items = read_line_items(item);
  f.total_usd = item.non_negative("total_usd").value_or(0);
  if (const std::optional<JsonObjectView> log = item.object("report_log")) {
    f.report_log = read_report_log(*log);
  }
  f.comparison = read_comparison(item);
  return f;
}

}  // namespace

CostFile parse_cost(std::string_view text, const std::string& file) {
  const json::value document = detail::parse_run_file(text, RunFile::cost, file);
  const JsonObjectView root = detail::root_object(document, file);
  CostFile cost;
  cost.generated_at = root.string("generated_at").value_or("");
  cost.provider = root.string("provider").value_or("");
  cost.region = root.string("region").value_or("");
  cost.arch = root.string("arch").value_or("");
  cost.memory_mb = root.non_negative("memory_mb").value_or(0);
  cost.billed_memory_mb = root.non_negative("billed_memory_mb").value_or(cost.memory_mb);
  cost.timeout_s = root.non_negative("timeout_s").value_or(0);
  cost.free_tier = root.boolean("free_tier").value_or(false);
  cost.addons = root.strings("addons");
  if (const std::optional<JsonObjectView> inputs = root.object("inputs")) {
    cost.inputs.load = inputs->string("load").value_or("");
    cost.inputs.findings = inputs->string("findings").value_or("");
    cost.inputs.lambda_log = inputs->string("lambda_log").value_or("");
    cost.inputs.lambda_log_dir = inputs->string("lambda_log_dir").value_or("");
    cost.inputs.durations = inputs->string("durations").value_or("");
    cost.inputs.log_bytes_per_invocation =
        inputs->non_negative("log_bytes_per_invocation").value_or(0);
  }
  if (!root.array("classes")) root.fail("classes", "missing (expected an array of classes)");
  for (const JsonObjectView& item : root.objects("classes")) {
    cost.classes.push_back(read_class(item));
  }
  for (const JsonObjectView& item : root.objects("attacker")) {
    cost.attacker.push_back(read_attacker(item));
  }
  if (const std::optional<JsonObjectView> concurrency = root.object("concurrency")) {
    cost.concurrency.account_limit = concurrency->non_negative("account_limit");
    cost.concurrency.reserved_concurrency = concurrency->non_negative("reserved_concurrency");
    cost.concurrency.throttle_rate_rps = concurrency->non_negative("throttle_rate_rps");
    cost.concurrency.throttle_class = concurrency->string("throttle_class").value_or("");
  }
  for (const JsonObjectView& item : root.objects("functions")) {
    cost.functions.push_back(read_function(item));
  }
  cost.line_items = read_line_items(root);
  if (const std::optional<JsonObjectView> log = root.object("report_log")) {
    cost.report_log = read_report_log(*log);
  }
  cost.comparison = read_comparison(root);
  cost.total_usd = root.non_negative("total_usd").value_or(0);
  cost.notes = root.strings("notes");
  cost.monthly = detail::read_monthly(root);
  cost.attack_scenarios = detail::read_attack_scenarios(root);
  cost.right_sizing = detail::read_right_sizing(root);
  detail::read_providers(root, cost.providers_basis, cost.providers);
  return cost;
}

CostFile read_cost_file(const std::filesystem::path& path) {
  return parse_cost(read_file(path, detail::kMaxRunFileBytes), path.string());
}

std::string cost_to_json(const CostFile& cost) {
  json::object root{{"schema", schema_string(RunFile::cost)},
                    {"generated_at", cost.generated_at},
                    {"provider", cost.provider},
                    {"region", cost.region},
                    {"arch", cost.arch},
                    {"memory_mb", cost.memory_mb},
                    {"billed_memory_mb", cost.billed_memory_mb},
                    {"timeout_s", cost.timeout_s},
                    {"free_tier", cost.free_tier},
                    {"addons", strings_json(cost.addons)},
                    {"inputs",
                     {{"load", optional_text(cost.inputs.load)},
                      {"findings", optional_text(cost.inputs.findings)},
                      {"lambda_log", optional_text(cost.inputs.lambda_log)},
                      {"lambda_log_dir", optional_text(cost.inputs.lambda_log_dir)},
                      {"durations", optional_text(cost.inputs.durations)},
                      {"log_bytes_per_invocation", cost.inputs.log_bytes_per_invocation}}}};
  json::array classes;
  for (const CostClassRecord& c : cost.classes) classes.push_back(class_json(c));
  root["classes"] = std::move(classes);
  json::array attacker;
  for (const AttackerRecord& a : cost.attacker) attacker.push_back(attacker_json(a));
  root["attacker"] = std::move(attacker);
  root["concurrency"] = {
      {"account_limit", optional_number(cost.concurrency.account_limit)},
      {"reserved_concurrency", optional_number(cost.concurrency.reserved_concurrency)},
      {"throttle_rate_rps", optional_number(cost.concurrency.throttle_rate_rps)},
      {"throttle_class", optional_text(cost.concurrency.throttle_class)}};
  json::array functions;
  for (const CostFunctionRecord& f : cost.functions) functions.push_back(function_json(f));
  root["functions"] = std::move(functions);
  root["line_items"] = line_items_json(cost.line_items);
  if (cost.report_log) root["report_log"] = report_log_json(*cost.report_log);
  if (cost.comparison) root["comparison"] = comparison_json(cost.comparison);
  root["total_usd"] = cost.total_usd;
  root["notes"] = strings_json(cost.notes);
  root["monthly"] = detail::monthly_json(cost.monthly);
  root["attack_scenarios"] = detail::attack_scenarios_json(cost.attack_scenarios);
  root["right_sizing"] = detail::right_sizing_json(cost.right_sizing);
  root["provider_comparison"] = detail::providers_json(cost.providers_basis, cost.providers);
  return to_json_text(root) + "\n";
}

void write_cost_file(const std::filesystem::path& path, const CostFile& cost) {
  write_file_atomically(path, cost_to_json(cost));
}

}  // namespace walletfuzz::formats
