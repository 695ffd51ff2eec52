#include "walletfuzz/cost_model/cost_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>

#include "function_bills.hpp"
#include "spend_report.hpp"
#include "walletfuzz/formats/load.hpp"

namespace walletfuzz::cost_model {
namespace {

using namespace detail;

std::string now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
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

// The attack with every request at a slow finding's worst case (findings.json
// growth.worst_case, from scale probing): what one request costs at the largest size the
// platform accepts, or at an unbounded parameter's worst value, billed up to the timeout. The
// fuzzed size understates it for anything that grows faster than its request.
std::optional<formats::AttackAtLimitsRecord> attack_at_limits(const BillingModel& model,
                                                              const formats::FindingRecord* finding,
                                                              AttackInputs in,
                                                              const ConcurrencyLimits& limits,
                                                              const AttackerRates& attacker) {
  if (!finding || !finding->growth || !(finding->growth->worst_case.cost_ns > 0)) {
    return std::nullopt;
  }
  const formats::WorstCaseRecord& worst = finding->growth->worst_case;
  const double duration_ms = std::min(worst.cost_ns / 1e6, model.timeout_ms());
  const PricedClass one = price_single(model, "", "", "", "", duration_ms);
  in.cost_per_request_usd = one.cost_per_request_usd;
  in.mean_duration_s = duration_ms / 1000.0;
  in.request_bytes = worst.request_bytes;
  const AttackProjection p = project_attack(in, limits, attacker);
  return formats::AttackAtLimitsRecord{
      .request_bytes = worst.request_bytes,
      .duration_ms = duration_ms,
      .billed_ms = one.mean_billed_ms,
      .cost_per_request_usd = one.cost_per_request_usd,
      .reaches_timeout = worst.reaches_timeout,
      .timeout_request_bytes = worst.timeout_request_bytes,
      .executed_rps = p.executed_rps,
      .throttled_fraction = p.throttled_fraction,
      .concurrency = p.concurrency,
      .owner_cost_usd = p.owner_cost_usd,
      .usd_per_day = p.usd_per_day,
      .monthly_exposure_usd = monthly_exposure_usd(in, limits, attacker),
      .attacker_cost_usd = p.attacker_cost_usd,
      .owner_usd_per_attacker_usd =
          p.owner_usd_per_attacker_usd ? finite(*p.owner_usd_per_attacker_usd) : std::nullopt};
}

}  // namespace

formats::CostFile build_cost_report(const PricingCatalog& catalog, const CostRunOptions& options,
                                    const CostInputs& inputs) {
  const FunctionModels models(catalog, options);
  const BillingModel& model = models.model("");
  const PricingSheet& attacker_sheet =
      catalog.sheet(options.attacker_provider, {"", 0, 0, "attacker"});
  if (!attacker_sheet.attacker) {
    throw InputError({attacker_sheet.file, 0, 0, "kind"},
                     "'" + options.attacker_provider + "' is not an attacker sheet");
  }
  const int account_limit = options.account_concurrency_limit.value_or(
      model.rules().account_concurrency_limit.value_or(std::numeric_limits<int>::max()));
  auto limits_of = [&](const std::string& key) {
    return ConcurrencyLimits{.account_limit = account_limit, .reserved = models.reserved(key)};
  };

  std::vector<PricedClass> classes;
  std::map<std::string, FunctionUsage> per_function;
  std::map<std::string, MeasuredFunction> measured;  // for the monthly bill and attack scenarios
  AccountBill load_account;
  if (inputs.load) {
    // Each function's classes are billed with its own model: its memory, arch and timeout.
    std::map<std::string, LoadInput> by_function;
    for (const LoadClassInput& in : inputs.load->classes)
      by_function[models.key(in.handler)].classes.push_back(in);
    std::map<std::string, LoadBilling> billed;
    for (const auto& [key, load] : by_function) {
      billed[key] = bill_load(models.model(key), load, options.traffic);
      load_account.add(models.model(key), billed[key].usage);
      per_function[key].load = billed[key].usage;
      per_function[key].has_load = true;
    }
    std::map<std::string, std::size_t> next;  // classes keep load.json's order
    for (const LoadClassInput& original : inputs.load->classes) {
      const std::string key = models.key(original.handler);
      const ClassBilling& b = billed[key].classes[next[key]++];
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
      per_function[key].classes.push_back(c.name);
      measured[key].all_durations.insert(measured[key].all_durations.end(), in.durations.begin(),
                                         in.durations.end());
      if (c.kind == "baseline" && b.usage.invocations > 0) {
        MeasuredFunction& m = measured[key];
        m.baseline += b.usage;
        m.baseline_durations.insert(m.baseline_durations.end(), in.durations.begin(),
                                    in.durations.end());
        m.baseline_sizes.emplace_back(c.request_bytes, static_cast<double>(in.sent));
      }
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
      classes.push_back(price_single(models.model(models.key(f.handler)), "finding:" + f.id, f.kind,
                                     f.handler, f.id, static_cast<double>(f.median_ns) / 1e6));
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
          price_single(models.model(models.key(handler)), "", "baseline", handler, "", ms)
              .cost_per_request_usd;
    }
  }

  auto finding_of = [&](const std::string& id) -> const formats::FindingRecord* {
    auto it = std::find_if(inputs.findings.begin(), inputs.findings.end(),
                           [&](const formats::FindingRecord& f) { return f.id == id; });
    return it == inputs.findings.end() ? nullptr : &*it;
  };
  formats::CostFile report;
  double throttle_rate = std::numeric_limits<double>::infinity();
  std::string throttle_class;
  for (PricedClass& c : classes) {
    const std::string key = models.key(c.handler);
    const BillingModel& own = models.model(key);
    const ConcurrencyLimits limits = limits_of(key);
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
         .function = key,
         .arch = own.config().arch,
         .memory_mb = static_cast<double>(own.config().memory_mb),
         .billed_memory_mb = static_cast<double>(own.billed_memory_mb()),
         .duration_ms_mean = c.mean_duration_ms,
         .billed_ms_mean = c.mean_billed_ms,
         .billed_ms_total = c.source == "load" ? c.usage.billed_ms : 0.0,
         .cost_per_request_usd = c.cost_per_request_usd,
         .cost_per_million_usd = c.cost_per_request_usd * 1e6,
         .amplification = c.amplification ? finite(*c.amplification) : std::nullopt,
         .throttle_onset_rps = finite(onset)});
    if (c.kind == "baseline" || !(c.cost_per_request_usd > 0)) continue;
    MeasuredFunction& m = measured[key];
    if (m.worst_class.empty() || c.cost_per_request_usd > m.worst.cost_per_request_usd) {
      m.worst_class = c.name;
      m.worst = {.duration_ms = c.mean_duration_ms,
                 .request_bytes = c.request_bytes,
                 .cost_per_request_usd = c.cost_per_request_usd};
    }
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
             p.owner_usd_per_attacker_usd ? finite(*p.owner_usd_per_attacker_usd) : std::nullopt,
         .at_limits = attack_at_limits(own, finding_of(c.finding_id), in, limits,
                                       *attacker_sheet.attacker)});
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
  report.inputs = {
      .load = inputs.load ? inputs.load_file : std::string(),
      .findings = inputs.findings_file,
      .lambda_log = inputs.report_log ? inputs.report_file : std::string(),
      .durations = inputs.load && !inputs.load->classes.empty()
                       ? inputs.load->classes.front().duration_source
                       : std::string(),
      .log_bytes_per_invocation = options.traffic.log_bytes_per_invocation,
      .lambda_log_dir = inputs.function_report_logs.empty() ? std::string() : inputs.report_dir};
  report.concurrency = {
      .account_limit = account_limit == std::numeric_limits<int>::max()
                           ? std::nullopt
                           : std::optional<double>(account_limit),
      .reserved_concurrency = options.reserved_concurrency
                                  ? std::optional<double>(*options.reserved_concurrency)
                                  : std::nullopt,
      .throttle_rate_rps = finite(throttle_rate),
      .throttle_class = throttle_class};

  // The platform's record: one log of unknown functions, and one log per known function.
  AccountBill report_account;
  ReportLogCounts all_logs;  // every REPORT log together, for the run's summary of them
  auto add_log = [&](const std::string& key, const BilledReportLog& log) {
    const ReportBilling& billed = log.billing;
    report_account.add(models.model(key), billed.usage);
    all_logs.lines += log.counts.lines;
    all_logs.record_count += log.counts.record_count;
    all_logs.duplicates += log.counts.duplicates;
    all_logs.malformed_count += log.counts.malformed_count;
    for (const MalformedLine& bad : log.counts.malformed) {
      if (all_logs.malformed.size() < kKeptMalformedLines) all_logs.malformed.push_back(bad);
    }
    if (per_function[key].report) {
      ReportBilling& sum = *per_function[key].report;
      sum.usage += billed.usage;
      sum.recomputed_billed_ms += billed.recomputed_billed_ms;
      sum.billed_mismatches += billed.billed_mismatches;
      sum.cold_starts += billed.cold_starts;
      if (billed.peak_memory_used_mb &&
          (!sum.peak_memory_used_mb || *sum.peak_memory_used_mb < *billed.peak_memory_used_mb))
        sum.peak_memory_used_mb = billed.peak_memory_used_mb;
    } else {
      per_function[key].report = billed;
    }
  };
  if (inputs.report_log) add_log("", *inputs.report_log);
  for (const auto& [name, log] : inputs.function_report_logs) add_log(models.key(name), log);
  std::string report_file = inputs.report_file;
  if (!inputs.function_report_logs.empty()) {
    report_file =
        inputs.report_log ? inputs.report_file + ", " + inputs.report_dir : inputs.report_dir;
  }

  for (const auto& [key, usage] : per_function) {
    const std::string file =
        key.empty() || !inputs.function_report_logs.contains(key)
            ? inputs.report_file
            : (std::filesystem::path(inputs.report_dir) / (key + ".log")).string();
    report.functions.push_back(
        function_record(key, models.model(key), models.reserved(key), usage, file));
  }

  if (!load_account.empty()) {
    const Bill bill = load_account.bill();
    report.total_usd = bill.total_usd;
    report.line_items = line_items_of(bill);
    report.notes = notes_of(bill);
    if (inputs.load->partial)
      report.notes.push_back("load.json is partial: the run was stopped early");
  }
  for (const auto& [handler, ms] : finding_baselines)
    measured[models.key(handler)].finding_baseline_ms = ms;
  for (const auto& [key, usage] : per_function) {
    if (!usage.report) continue;
    measured[key].report = usage.report->usage;
    measured[key].peak_memory_used_mb = usage.report->peak_memory_used_mb;
  }
  add_spend_report(report, catalog, models, options, measured, [&](const std::string& key) {
    return static_cast<double>(limits_of(key).effective());
  });

  if (!report_account.empty()) {
    const Bill report_bill = report_account.bill();
    ReportBilling summary;
    for (const auto& [key, usage] : per_function) {
      if (!usage.report) continue;
      summary.usage += usage.report->usage;
      summary.recomputed_billed_ms += usage.report->recomputed_billed_ms;
      summary.billed_mismatches += usage.report->billed_mismatches;
      summary.cold_starts += usage.report->cold_starts;
    }
    report.report_log = report_log_record(report_file, all_logs, summary, report_bill);
    if (!load_account.empty()) {
      // The client-side estimate against the platform's own record of the same traffic.
      report.comparison =
          formats::ComparisonRecord{report.total_usd, report_bill.total_usd,
                                    difference_pct(report.total_usd, report_bill.total_usd)};
    } else {
      report.total_usd = report_bill.total_usd;
      report.line_items = line_items_of(report_bill);
      report.notes = notes_of(report_bill);
    }
  }
  return report;
}

BilledReportLog read_report_log_of(const PricingCatalog& catalog, const CostRunOptions& options,
                                   const std::string& function, const std::filesystem::path& file) {
  const FunctionModels models(catalog, options);
  return bill_report_log_file(models.model(models.key(function)), file);
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
    inputs.report_log = read_report_log_of(catalog, options, "", *options.lambda_log);
    for (auto& warning : malformed_line_warnings(inputs.report_file, inputs.report_log->counts))
      result.warnings.push_back(std::move(warning));
  }
  const fs::path log_dir = options.lambda_log_dir.value_or(options.run_dir / "lambda-report");
  if (fs::is_directory(log_dir, ec)) {
    inputs.report_dir = log_dir.string();
    for (const auto& entry : fs::directory_iterator(log_dir)) {
      if (entry.path().extension() != ".log") continue;
      const std::string function = entry.path().stem().string();
      const BilledReportLog& log = inputs.function_report_logs[function] =
          read_report_log_of(catalog, options, function, entry.path());
      for (auto& warning : malformed_line_warnings(entry.path().string(), log.counts))
        result.warnings.push_back(std::move(warning));
    }
  } else if (options.lambda_log_dir) {
    throw InputError({log_dir.string(), 0, 0, "--lambda-log-dir"}, "not a directory");
  }
  if (!inputs.load && inputs.findings_file.empty() && !inputs.report_log &&
      inputs.function_report_logs.empty()) {
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
