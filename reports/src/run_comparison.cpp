#include "walletfuzz/reports/run_comparison.hpp"

#include <algorithm>

namespace walletfuzz::reports {

bool RunComparison::is_new(const std::string& signature) const {
  return std::any_of(new_findings.begin(), new_findings.end(),
                     [&](const FindingRecord& record) { return record.signature == signature; });
}

namespace {

// Faster than this is superlinear (growth_fit.hpp: n^k with k >= 1.5, or exponential).
constexpr double kSuperlinearOrder = 1.5;

}  // namespace

std::optional<double> growth_order(const std::optional<formats::GrowthRecord>& growth) {
  if (!growth || !growth->confident) return std::nullopt;
  const std::string& g = growth->growth_class;
  if (g == "constant") return 0;
  if (g == "linear") return 1;
  if (g == "n-log-n") return 1.1;
  if (g == "power") return growth->exponent;
  if (g == "exponential") return 1000;
  return std::nullopt;
}

RunSnapshot snapshot_of(const std::string& run_key, const RunData& run) {
  RunSnapshot snapshot;
  snapshot.run_key = run_key;
  for (const Finding& finding : run.findings) {
    FindingRecord record{finding.signature,
                         finding.id,
                         finding.kind,
                         finding.handler,
                         finding.amplification,
                         std::nullopt,
                         growth_order(finding.growth)};
    if (const CostClass* cost = run.cost_of(finding)) {
      record.cost_per_million_usd = cost->cost_per_million_usd;
      if (!record.amplification) record.amplification = cost->amplification;
    }
    // Two findings with one signature are one defect (the fuzzers' de-duplication key); keep the
    // worse measurement so a duplicate cannot hide a regression.
    auto [it, inserted] = snapshot.findings.emplace(finding.signature, record);
    if (!inserted && record.amplification.value_or(0) > it->second.amplification.value_or(0)) {
      it->second = record;
    }
    CostRecord& cost = snapshot.costs["finding:" + finding.signature];
    cost.label = finding.id;
    if (record.cost_per_million_usd.value_or(0) >= cost.cost_per_million_usd.value_or(0)) {
      cost.cost_per_million_usd = record.cost_per_million_usd;
    }
    if (record.amplification.value_or(0) >= cost.amplification.value_or(0)) {
      cost.amplification = record.amplification;
    }
  }
  if (run.cost) {
    for (const CostClass& entry : run.cost->classes) {
      if (!entry.finding_id.empty() || entry.name.rfind("finding:", 0) == 0)
        continue;  // priced above, keyed by signature
      snapshot.costs["class:" + entry.name] =
          CostRecord{entry.name, entry.cost_per_million_usd, entry.amplification};
    }
  }
  return snapshot;
}

RunComparison compare_runs(const RunSnapshot* previous, const RunSnapshot& current,
                           double regression_ratio) {
  RunComparison comparison;
  if (previous) comparison.previous_run = previous->run_key;
  for (const auto& [signature, record] : current.findings) {
    if (!previous || !previous->findings.count(signature))
      comparison.new_findings.push_back(record);
  }
  if (!previous) return comparison;
  for (const auto& [signature, record] : previous->findings) {
    auto now = current.findings.find(signature);
    bool gone = now == current.findings.end();
    bool growth_fixed = !gone && record.growth_order.value_or(0) >= kSuperlinearOrder &&
                        now->second.growth_order && *now->second.growth_order < kSuperlinearOrder;
    if (gone || growth_fixed) comparison.fixed_findings.push_back(record);
  }
  for (const auto& entry : current.costs) {
    // Named references, not a structured binding: clang 14 cannot capture bindings in lambdas.
    const std::string& key = entry.first;
    const CostRecord& now = entry.second;
    auto before = previous->costs.find(key);
    if (before == previous->costs.end()) continue;
    auto grew = [&](const std::optional<double>& old_value, const std::optional<double>& new_value,
                    const char* metric) {
      if (!old_value || !new_value) return false;
      if (*new_value <= *old_value * regression_ratio || *new_value <= *old_value) return false;
      comparison.more_expensive.push_back({key, now.label, metric, *old_value, *new_value});
      return true;
    };
    // Dollars when both runs were priced; amplification otherwise (a fuzz-only run).
    if (before->second.cost_per_million_usd && now.cost_per_million_usd) {
      grew(before->second.cost_per_million_usd, now.cost_per_million_usd, "cost_per_million_usd");
    } else {
      grew(before->second.amplification, now.amplification, "amplification");
    }
  }
  std::sort(comparison.more_expensive.begin(), comparison.more_expensive.end(),
            [](const CostIncrease& a, const CostIncrease& b) {
              double ra = a.before > 0 ? a.after / a.before : a.after;
              double rb = b.before > 0 ? b.after / b.before : b.after;
              return ra != rb ? ra > rb : a.key < b.key;
            });
  return comparison;
}

}  // namespace walletfuzz::reports
