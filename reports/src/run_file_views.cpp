// The run files (read by formats) as the reports show them: plain values, with absent figures
// kept absent so a renderer prints "—" rather than a made-up zero.
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/reports/run_data.hpp"

namespace walletfuzz::reports {

namespace {

LatencySummary summary_of(const LatencyHistogram& histogram) {
  LatencySummary summary;
  summary.count = histogram.count();
  for (const auto& [key, value] : formats::latency_summary_ms(histogram)) {
    summary.percentiles[key] = value;
  }
  return summary;
}

}  // namespace

std::optional<double> LatencySummary::get(const std::string& key) const {
  auto it = percentiles.find(key);
  if (it == percentiles.end()) return std::nullopt;
  return it->second;
}

std::vector<Finding> findings_view(const formats::FindingsFile& file) {
  std::vector<Finding> findings;
  for (const formats::FindingRecord& record : file.findings) {
    Finding finding;
    finding.id = record.id;
    finding.handler = record.handler;
    finding.kind = record.kind;
    finding.file = record.file;
    finding.signature = record.signature;
    finding.summary = record.summary;
    finding.median_ns = static_cast<double>(record.median_ns);
    finding.baseline_median_ns = static_cast<double>(record.baseline_median_ns);
    finding.work_units = static_cast<double>(record.work_units);
    finding.peak_memory_bytes = static_cast<double>(record.peak_memory_bytes);
    finding.amplification = record.amplification;  // +infinity stays: over any limit
    finding.size_aware_amplification = record.size_aware_amplification;
    finding.growth = record.growth;
    finding.leak = record.leak;
    finding.first_seen = record.first_seen;
    finding.reproducible = record.reproducible;
    finding.flaky = record.flaky;
    findings.push_back(std::move(finding));
  }
  return findings;
}

LoadResult load_view(const formats::LoadResult& file) {
  LoadResult load;
  load.target = file.target;
  load.partial = file.partial;
  load.started_at = file.started_at;
  load.duration_s = file.duration_s;
  load.mode = file.mode;
  load.baselines_unusable = file.baselines_unusable();
  load.baseline_check_failure_rate = file.baseline_check_failure_rate();
  load.max_baseline_check_failures = file.max_baseline_check_failures;
  for (const formats::ClassResult& c : file.classes) {
    const formats::ClassStats& s = c.stats;
    LoadClass entry;
    entry.name = c.name;
    entry.kind = c.kind;
    entry.handler = c.handler;
    entry.finding_id = c.finding_id;
    entry.sent = s.sent;
    entry.responses = s.responses;
    entry.dropped = s.dropped;
    entry.throttled = s.throttled;
    entry.leaks = s.leaks;
    entry.leaks_allowlisted = s.leaks_allowlisted;
    entry.checked = s.checked;
    entry.check_failures = s.check_failures;
    for (std::size_t i = 0; i < formats::error_kind_count; ++i) {
      entry.errors[std::string(formats::to_string(static_cast<formats::ErrorKind>(i)))] =
          s.errors[i];
    }
    for (std::size_t code = 0; code < s.status.size(); ++code) {
      if (s.status[code] != 0) entry.status[std::to_string(code)] = s.status[code];
    }
    entry.achieved_rate = formats::achieved_rate(s, file.send_duration_s);
    entry.latency = summary_of(s.latency);
    entry.latency_uncorrected = summary_of(s.latency_uncorrected);
    load.classes.push_back(std::move(entry));
  }
  return load;
}

CostResult cost_view(const formats::CostFile& file) {
  CostResult cost;
  cost.provider = file.provider;
  cost.region = file.region;
  cost.arch = file.arch;
  for (const formats::CostClassRecord& c : file.classes) {
    CostClass entry;
    entry.name = c.name;
    entry.kind = c.kind;
    entry.handler = c.handler;
    entry.requests = static_cast<double>(c.requests);
    entry.memory_mb = c.memory_mb;
    entry.billed_ms_mean = c.billed_ms_mean;
    entry.cost_per_request_usd = c.cost_per_request_usd;
    entry.cost_per_million_usd = c.cost_per_million_usd;
    entry.amplification = c.amplification;
    entry.throttle_rate_rps = c.throttle_onset_rps;
    entry.finding_id = c.finding_id;
    cost.classes.push_back(std::move(entry));
  }
  for (const formats::CostFunctionRecord& f : file.functions) {
    CostFunction entry{.name = f.name,
                       .arch = f.arch,
                       .memory_mb = f.memory_mb,
                       .invocations = static_cast<double>(f.invocations),
                       .total_usd = f.total_usd};
    if (f.report_log) entry.report_total_usd = f.report_log->total_usd;
    entry.line_items = f.line_items;
    for (auto& item : entry.line_items) {
      if (item.description.empty()) item.description = item.meter;
    }
    cost.functions.push_back(std::move(entry));
  }
  cost.attacker = file.attacker;
  cost.account_concurrency_limit = file.concurrency.account_limit;
  cost.throttle_rate_rps = file.concurrency.throttle_rate_rps;
  cost.total_usd = file.total_usd;
  cost.monthly = file.monthly;
  cost.attack_scenarios = file.attack_scenarios;
  cost.right_sizing = file.right_sizing;
  cost.providers_basis = file.providers_basis;
  cost.providers = file.providers;
  return cost;
}

}  // namespace walletfuzz::reports
