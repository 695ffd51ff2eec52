#include "walletfuzz/cost_model/cost_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>

#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/load.hpp"

namespace walletfuzz::cost_model {
namespace {

constexpr std::size_t kMaxInputBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxListedMalformed = 100;  // keep cost.json readable for huge bad logs

std::string now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::optional<double> finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::vector<formats::LineItemRecord> line_items_of(const Bill& bill) {
  std::vector<formats::LineItemRecord> items;
  for (const LineItem& item : bill.items) {
    items.push_back({.provider = item.provider,
                     .meter = item.meter,
                     .description = item.description,
                     .quantity = std::string(quantity_name(item.quantity)),
                     .total = item.total,
                     .free = item.free,
                     .billable = item.billable,
                     .usd = item.usd,
                     .source_url = item.source.url,
                     .as_of = item.source.as_of,
                     .verified = item.source.verified});
  }
  return items;
}

std::vector<std::string> notes_of(const Bill& bill) {
  std::vector<std::string> notes;
  for (const auto& note : bill.notes) {
    if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
  }
  return notes;
}

/// One priced request class, from load.json or (when it was not replayed) from a finding.
struct PricedClass {
  std::string name, kind, handler, finding_id, source;
  std::uint64_t requests = 0, sent = 0, throttled = 0, timeouts = 0;
  Usage usage;
  double cost_per_request_usd = 0;
  double mean_billed_ms = 0, mean_duration_ms = 0;
  double request_bytes = 0;
  std::optional<double> amplification;
};

PricedClass price_single(const BillingModel& model, std::string name, std::string kind,
                         std::string handler, std::string finding_id, double duration_ms) {
  PricedClass c{std::move(name), std::move(kind), std::move(handler), std::move(finding_id),
                "findings"};
  model.add_bucket(c.usage, duration_ms, 1);
  c.cost_per_request_usd = model.marginal_usd(c.usage);
  c.mean_billed_ms = c.usage.billed_ms;
  c.mean_duration_ms = c.usage.raw_ms;
  return c;
}

}  // namespace

formats::CostFile build_cost_report(const PricingCatalog& catalog, const CostRunOptions& options,
                                    const CostInputs& inputs) {
  const BillingModel model(catalog, options.function);
  const PricingSheet& attacker_sheet =
      catalog.sheet(options.attacker_provider, {"", 0, 0, "attacker"});
  if (!attacker_sheet.attacker) {
    throw InputError({attacker_sheet.file, 0, 0, "kind"},
                     "'" + options.attacker_provider + "' is not an attacker sheet");
  }
  ConcurrencyLimits limits;
  limits.account_limit = options.account_concurrency_limit.value_or(
      model.rules().account_concurrency_limit.value_or(std::numeric_limits<int>::max()));
  limits.reserved = options.reserved_concurrency;

  std::vector<PricedClass> classes;
  std::optional<LoadBilling> load_billing;
  if (inputs.load) {
    load_billing = bill_load(model, *inputs.load, options.traffic);
    for (const ClassBilling& b : load_billing->classes) {
      const LoadClassInput& in = *b.input;
      PricedClass c{in.name, in.kind, in.handler, in.finding_id, "load"};
      c.requests = b.usage.invocations;
      c.sent = in.sent;
      c.throttled = in.throttled;
      c.timeouts = in.timeouts;
      c.usage = b.usage;
      c.cost_per_request_usd = b.cost_per_request_usd;
      c.mean_billed_ms = b.mean_billed_ms;
      c.mean_duration_ms = b.mean_duration_ms;
      c.request_bytes = in.sent > 0 ? in.bytes_out / static_cast<double>(in.sent) : 0;
      classes.push_back(std::move(c));
    }
  }
  // Findings that were not replayed are priced from their median duration, and their handler's
  // baseline from the baseline median, so amplification is known even without a load run.
  std::map<std::string, double> finding_baselines;
  for (const formats::FindingRecord& f : inputs.findings) {
    const double baseline_ms = static_cast<double>(f.baseline_median_ns) / 1e6;
    if (baseline_ms > 0) finding_baselines.emplace(f.handler, baseline_ms);
    const bool replayed = std::any_of(classes.begin(), classes.end(), [&](const PricedClass& c) {
      return c.finding_id == f.id || c.name == "finding:" + f.id;
    });
    if (!replayed) {
      classes.push_back(price_single(model, "finding:" + f.id, f.kind, f.handler, f.id,
                                     static_cast<double>(f.median_ns) / 1e6));
    }
  }
  std::map<std::string, double> baseline_cost;  // handler -> cost per request
  for (const PricedClass& c : classes) {
    if (c.kind == "baseline" && c.cost_per_request_usd > 0)
      baseline_cost.emplace(c.handler, c.cost_per_request_usd);
  }
  for (const auto& [handler, ms] : finding_baselines) {
    if (!baseline_cost.count(handler)) {
      baseline_cost[handler] =
          price_single(model, "", "baseline", handler, "", ms).cost_per_request_usd;
    }
  }

  formats::CostFile report;
  double throttle_rate = std::numeric_limits<double>::infinity();
  std::string throttle_class;
  for (PricedClass& c : classes) {
    if (auto it = baseline_cost.find(c.handler); it != baseline_cost.end()) {
      c.amplification = amplification(c.cost_per_request_usd, it->second);
    }
    const double onset = throttle_onset_rps(limits.effective(), c.mean_duration_ms / 1000.0);
    report.classes.push_back(
        {.name = c.name,
         .kind = c.kind,
         .handler = c.handler,
         .finding_id = c.finding_id,
         .source = c.source,
         .requests = c.requests,
         .sent = c.sent,
         .throttled = c.throttled,
         .timeouts = c.usage.timeouts,
         .memory_mb = static_cast<double>(model.config().memory_mb),
         .billed_memory_mb = static_cast<double>(model.billed_memory_mb()),
         .duration_ms_mean = c.mean_duration_ms,
         .billed_ms_mean = c.mean_billed_ms,
         .billed_ms_total = c.source == "load" ? c.usage.billed_ms : 0.0,
         .cost_per_request_usd = c.cost_per_request_usd,
         .cost_per_million_usd = c.cost_per_request_usd * 1e6,
         .amplification = c.amplification ? finite(*c.amplification) : std::nullopt,
         .throttle_onset_rps = finite(onset)});
    if (c.kind == "baseline" || !(c.cost_per_request_usd > 0)) continue;
    if (onset < throttle_rate) {
      throttle_rate = onset;
      throttle_class = c.name;
    }
    AttackInputs in;
    in.rate_rps = options.attack_rate_rps;
    in.hours = options.attack_hours;
    in.cost_per_request_usd = c.cost_per_request_usd;
    in.mean_duration_s = c.mean_duration_ms / 1000.0;
    in.request_bytes = c.request_bytes;
    const AttackProjection p = project_attack(in, limits, *attacker_sheet.attacker);
    report.attacker.push_back(
        {.class_name = c.name,
         .rate_rps = p.rate_rps,
         .hours = p.hours,
         .executed_rps = p.executed_rps,
         .throttled_fraction = p.throttled_fraction,
         .concurrency = p.concurrency,
         .owner_cost_usd = p.owner_cost_usd,
         .usd_per_day = p.usd_per_day,
         .monthly_exposure_usd = monthly_exposure_usd(in, limits, *attacker_sheet.attacker),
         .attacker_cost_usd = p.attacker_cost_usd,
         .owner_usd_per_attacker_usd =
             p.owner_usd_per_attacker_usd ? finite(*p.owner_usd_per_attacker_usd) : std::nullopt});
  }

  report.generated_at = options.generated_at.empty() ? now_iso8601() : options.generated_at;
  report.provider = model.sheet().provider;
  report.region = model.sheet().region;
  report.arch = model.config().arch;
  report.memory_mb = model.config().memory_mb;
  report.billed_memory_mb = model.billed_memory_mb();
  report.timeout_s = model.timeout_ms() / 1000.0;
  report.free_tier = model.config().free_tier;
  report.addons = model.config().addons;
  report.inputs = {.load = inputs.load ? inputs.load_file : std::string(),
                   .findings = inputs.findings_file,
                   .lambda_log = inputs.report_log ? inputs.report_file : std::string(),
                   .durations = inputs.load && !inputs.load->classes.empty()
                                    ? inputs.load->classes.front().duration_source
                                    : std::string(),
                   .log_bytes_per_invocation = options.traffic.log_bytes_per_invocation};
  report.concurrency = {.account_limit = limits.account_limit == std::numeric_limits<int>::max()
                                             ? std::nullopt
                                             : std::optional<double>(limits.account_limit),
                        .reserved_concurrency = limits.reserved
                                                    ? std::optional<double>(*limits.reserved)
                                                    : std::nullopt,
                        .throttle_rate_rps = finite(throttle_rate),
                        .throttle_class = throttle_class};

  if (load_billing) {
    report.total_usd = load_billing->bill.total_usd;
    report.line_items = line_items_of(load_billing->bill);
    report.notes = notes_of(load_billing->bill);
    if (inputs.load->partial)
      report.notes.push_back("load.json is partial: the run was stopped early");
  }
  if (inputs.report_log) {
    const ReportLog& log = *inputs.report_log;
    const ReportBilling billed = bill_report_lines(model, log);
    formats::ReportLogRecord record{.file = inputs.report_file,
                                    .lines = log.lines,
                                    .records = log.records.size(),
                                    .duplicates = log.duplicates,
                                    .malformed_count = log.malformed.size(),
                                    .malformed = {},
                                    .cold_starts = billed.cold_starts,
                                    .timeouts = billed.usage.timeouts,
                                    .billed_mismatches = billed.billed_mismatches,
                                    .billed_ms_total = billed.usage.billed_ms,
                                    .recomputed_billed_ms_total = billed.recomputed_billed_ms,
                                    .line_items = line_items_of(billed.bill),
                                    .total_usd = billed.bill.total_usd};
    for (std::size_t i = 0; i < log.malformed.size() && i < kMaxListedMalformed; ++i) {
      record.malformed.push_back({log.malformed[i].line, log.malformed[i].message});
    }
    report.report_log = std::move(record);
    if (load_billing) {
      // The client-side estimate against the platform's own record of the same traffic.
      const double diff = billed.bill.total_usd > 0
                              ? (load_billing->bill.total_usd - billed.bill.total_usd) /
                                    billed.bill.total_usd * 100.0
                              : std::numeric_limits<double>::quiet_NaN();
      report.comparison = formats::ComparisonRecord{load_billing->bill.total_usd,
                                                    billed.bill.total_usd, finite(diff)};
    } else {
      report.total_usd = billed.bill.total_usd;
      report.line_items = line_items_of(billed.bill);
      report.notes = notes_of(billed.bill);
    }
  }
  return report;
}

CostRunResult run_cost(const PricingCatalog& catalog, const CostRunOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(options.run_dir, ec)) {
    throw InputError({options.run_dir.string(), 0, 0, "RUN_DIR"}, "not a directory");
  }
  CostInputs inputs;
  const fs::path load_path = options.run_dir / "load.json";
  const fs::path findings_path = options.run_dir / "findings.json";
  if (fs::exists(load_path, ec)) {
    inputs.load_file = load_path.string();
    inputs.load = load_input(formats::read_load_file(load_path));
  }
  if (fs::exists(findings_path, ec)) {
    inputs.findings_file = findings_path.string();
    inputs.findings = formats::read_findings_file(findings_path).findings;
  }
  CostRunResult result;
  if (options.lambda_log) {
    inputs.report_file = options.lambda_log->string();
    inputs.report_log = parse_report_log(read_file(*options.lambda_log, kMaxInputBytes));
    for (const MalformedLine& bad : inputs.report_log->malformed) {
      result.warnings.push_back(inputs.report_file + ":" + std::to_string(bad.line) +
                                ": skipped: " + bad.message);
    }
  }
  if (!inputs.load && inputs.findings_file.empty() && !inputs.report_log) {
    throw InputError(
        {options.run_dir.string(), 0, 0, "RUN_DIR"}, "holds neither load.json nor findings.json",
        "run `walletfuzz replay` or `walletfuzz fuzz` first, or give --lambda-log FILE");
  }
  const formats::CostFile cost = build_cost_report(catalog, options, inputs);
  result.total_usd = cost.total_usd;
  result.json_text = formats::cost_to_json(cost);
  result.written = options.output.value_or(options.run_dir / "cost.json");
  formats::write_cost_file(result.written, cost);
  return result;
}

}  // namespace walletfuzz::cost_model
