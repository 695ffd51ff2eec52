// Evaluation of gates (parsing lives in gate_config.cpp).
#include <algorithm>

#include "text_format.hpp"
#include "walletfuzz/reports/gates.hpp"
#include "walletfuzz/reports/spend_projection.hpp"

namespace walletfuzz::reports {

namespace {

std::string number(double value) {
  return detail::format_number(value);
}

GateResult disabled(std::string id, std::string title, std::string unit) {
  GateResult result;
  result.id = std::move(id);
  result.title = std::move(title);
  result.unit = std::move(unit);
  result.detail = "not configured";
  return result;
}

GateResult new_findings_gate(bool enabled, const char* id, const char* what, const RunData& run,
                             const RunComparison& comparison, bool (*counts)(const Finding&)) {
  GateResult result = disabled(id, std::string("No new ") + what, "findings");
  if (!enabled) return result;
  result.enabled = true;
  result.threshold = 0;
  for (const Finding& finding : run.findings) {
    if (counts(finding) && comparison.is_new(finding.signature)) {
      result.offenders.push_back(finding.id);
    }
  }
  result.measured = static_cast<double>(result.offenders.size());
  result.passed = result.offenders.empty();
  std::string since = comparison.previous_run ? "since " + *comparison.previous_run
                                              : "(first recorded run: every finding is new)";
  result.detail = std::to_string(result.offenders.size()) + " new " + what + " " + since;
  return result;
}

// Fills measured/passed/detail from the worst (largest) of several measurements.
struct Worst {
  double value = -1;
  std::string where;
  void offer(double candidate, const std::string& name) {
    if (candidate > value) {
      value = candidate;
      where = name;
    }
  }
};

void judge_maximum(GateResult& result, const Worst& worst, double threshold,
                   const std::vector<std::pair<std::string, double>>& all,
                   const std::string& missing_input) {
  result.enabled = true;
  result.threshold = threshold;
  if (worst.value < 0) {
    result.passed = false;
    result.detail = missing_input;
    return;
  }
  result.measured = worst.value;
  for (const auto& [name, value] : all) {
    if (value > threshold) result.offenders.push_back(name);
  }
  result.passed = result.offenders.empty();
  result.detail = "worst: " + worst.where + " at " + number(worst.value) + " " + result.unit +
                  " (limit " + number(threshold) + ")";
}

// max_error_rate and max_throttled_rate: a share of the requests normal traffic sent (the
// baseline classes: findings fail and get throttled by design). The whole of normal traffic is
// judged; classes above the limit on their own are named as offenders.
GateResult share_gate(const std::optional<double>& limit, const char* id, const char* what,
                      const RunData& run, std::uint64_t (*failed)(const LoadClass&)) {
  GateResult result = disabled(id, std::string("Share of normal traffic ") + what, "%");
  if (!limit) return result;
  result.enabled = true;
  result.threshold = *limit * 100;
  result.title = std::string("At most ") + number(*limit * 100) + "% of normal traffic " + what;
  std::uint64_t sent = 0;
  std::uint64_t bad = 0;
  if (run.load) {
    for (const LoadClass& entry : run.load->classes) {
      if (entry.kind != "baseline" || entry.sent == 0) continue;
      sent += entry.sent;
      bad += failed(entry);
      const double share = static_cast<double>(failed(entry)) / static_cast<double>(entry.sent);
      if (share > *limit) result.offenders.push_back(entry.name);
    }
  }
  if (sent == 0) {
    result.passed = false;
    result.detail = run.load ? "load.json has no normal traffic (baseline classes) that was sent"
                             : "no load.json in the run; run `walletfuzz replay` first";
    return result;
  }
  const double share = static_cast<double>(bad) / static_cast<double>(sent);
  result.measured = share * 100;
  result.passed = share <= *limit;
  result.detail = std::to_string(bad) + " of " + std::to_string(sent) + " requests (" +
                  number(share * 100) + "%, limit " + number(*limit * 100) + "%)";
  return result;
}

}  // namespace

bool is_crash_kind(const std::string& kind) {
  return kind == "crash" || kind == "oom";
}

bool GateVerdict::passed() const {
  return std::all_of(results.begin(), results.end(), [](const GateResult& r) { return r.passed; });
}

std::size_t GateVerdict::failed_count() const {
  return static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const GateResult& r) { return !r.passed; }));
}

GateVerdict evaluate_gates(const GateConfig& config, const RunData& run,
                           const RunComparison& comparison) {
  GateVerdict verdict;
  verdict.results.push_back(
      new_findings_gate(config.no_new_crashes, "no_new_crashes", "crashes", run, comparison,
                        [](const Finding& finding) { return is_crash_kind(finding.kind); }));
  verdict.results.push_back(new_findings_gate(config.no_new_leaks, "no_new_leaks", "leaks", run,
                                              comparison,
                                              [](const Finding& f) { return f.kind == "leak"; }));
  if (config.no_new_leaks && !config.leak_allowlist.entries.empty()) {
    // Accepted leaks stay counted in the report; they only stop failing the gate.
    GateResult& leaks = verdict.results.back();
    std::size_t accepted = 0;
    std::erase_if(leaks.offenders, [&](const std::string& id) {
      auto finding = std::find_if(run.findings.begin(), run.findings.end(),
                                  [&](const Finding& f) { return f.id == id; });
      bool allowed = finding != run.findings.end() && finding->leak &&
                     config.leak_allowlist.match(finding->leak->rule, finding->leak->fingerprint,
                                                 finding->handler) != nullptr;
      accepted += allowed ? 1 : 0;
      return allowed;
    });
    if (accepted > 0) {
      leaks.detail += "; " + std::to_string(accepted) + " more accepted by the leak allowlist";
    }
    leaks.measured = static_cast<double>(leaks.offenders.size());
    leaks.passed = leaks.offenders.empty();
  }
  if (config.no_new_leaks && run.load) {
    // A leak seen while replaying normal traffic has no finding of its own; it still leaks.
    GateResult& leaks = verdict.results.back();
    std::size_t from_findings = leaks.offenders.size();
    for (const LoadClass& entry : run.load->classes) {
      if (entry.kind == "baseline" && entry.leaks > 0) leaks.offenders.push_back(entry.name);
    }
    if (leaks.offenders.size() > from_findings) {
      leaks.detail += "; leaks also seen while replaying normal traffic in " +
                      std::to_string(leaks.offenders.size() - from_findings) + " class(es)";
    }
    leaks.measured = static_cast<double>(leaks.offenders.size());
    leaks.passed = leaks.offenders.empty();
  }

  {
    GateResult result = disabled("max_amplification", "Worst amplification", "x");
    if (config.max_amplification) {
      const bool size_aware = config.amplification_basis == AmplificationBasis::size_aware;
      result.title =
          std::string(size_aware ? "Worst size-aware amplification" : "Worst amplification") +
          " at most " + number(*config.max_amplification) + "x";
      Worst worst;
      std::vector<std::pair<std::string, double>> all;
      for (const Finding& finding : run.findings) {
        std::optional<double> value = finding.amplification;
        if (size_aware && finding.size_aware_amplification) {
          value = finding.size_aware_amplification;
        }
        if (!value) {
          if (const CostClass* cost = run.cost_of(finding)) value = cost->amplification;
        }
        if (!value) continue;
        worst.offer(*value, "finding " + finding.id);
        all.emplace_back(finding.id, *value);
      }
      if (worst.value < 0 && run.findings.empty()) worst.offer(0, "no findings");
      judge_maximum(result, worst, *config.max_amplification, all,
                    "no finding carries an amplification figure");
    }
    verdict.results.push_back(std::move(result));
  }
  {
    GateResult result =
        disabled("max_cost_per_million", "Cost per million requests", "USD per 1M requests");
    if (config.max_cost_per_million_usd) {
      result.title = "Every class costs at most $" + number(*config.max_cost_per_million_usd) +
                     " per million requests";
      Worst worst;
      std::vector<std::pair<std::string, double>> all;
      if (run.cost) {
        for (const CostClass& entry : run.cost->classes) {
          if (!entry.cost_per_million_usd) continue;
          worst.offer(*entry.cost_per_million_usd, entry.name);
          all.emplace_back(entry.name, *entry.cost_per_million_usd);
        }
      }
      judge_maximum(result, worst, *config.max_cost_per_million_usd, all,
                    "no cost.json (or no priced class) in the run; run `walletfuzz cost` first");
    }
    verdict.results.push_back(std::move(result));
  }
  {
    GateResult result = disabled("max_p99_latency", "p99 latency", "ms");
    if (config.max_p99_ms) {
      bool baseline_only = config.p99_scope == P99Scope::baseline_only;
      result.title = std::string("p99 latency of ") +
                     (baseline_only ? "normal traffic" : "every class") + " at most " +
                     number(*config.max_p99_ms) + " ms";
      Worst worst;
      std::vector<std::pair<std::string, double>> all;
      if (run.load) {
        for (const LoadClass& entry : run.load->classes) {
          if (baseline_only && entry.kind != "baseline") continue;
          auto p99 = entry.latency ? entry.latency->get("p99") : std::nullopt;
          if (!p99) continue;
          worst.offer(*p99, entry.name);
          all.emplace_back(entry.name, *p99);
        }
      }
      judge_maximum(
          result, worst, *config.max_p99_ms, all,
          "no load.json (or no latency figures) in the run; run `walletfuzz replay` first");
    }
    verdict.results.push_back(std::move(result));
  }
  verdict.results.push_back(share_gate(config.max_error_rate, "max_error_rate",
                                       "failed (errors and failed checks)", run,
                                       [](const LoadClass& c) {
                                         std::uint64_t errors = c.check_failures;
                                         for (const auto& [kind, count] : c.errors) errors += count;
                                         return errors;
                                       }));
  verdict.results.push_back(share_gate(config.max_throttled_rate, "max_throttled_rate",
                                       "throttled (429)", run,
                                       [](const LoadClass& c) { return c.throttled; }));
  {
    GateResult result = disabled("max_attack_spend", "Attacker-driven spend", "USD per hour");
    if (config.max_attack_usd_per_hour) {
      result.title = "One attacker at " + number(config.attack_rate_rps) +
                     " requests/s costs at most $" + number(*config.max_attack_usd_per_hour) +
                     " per hour";
      Worst worst;
      std::vector<std::pair<std::string, double>> all;
      for (const SpendProjection& projection : project_spend(run)) {
        double per_hour = projection.usd_per_hour(config.attack_rate_rps);
        worst.offer(per_hour, projection.class_name);
        all.emplace_back(projection.class_name, per_hour);
      }
      judge_maximum(result, worst, *config.max_attack_usd_per_hour, all,
                    "no cost.json (or no priced class) in the run; run `walletfuzz cost` first");
    }
    verdict.results.push_back(std::move(result));
  }
  return verdict;
}

}  // namespace walletfuzz::reports
