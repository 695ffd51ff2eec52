// What replay sends and what the spend estimate assumes for it: the plan's baselines, this run's
// findings (from the plan's findings file), and each class's function for pricing.
#include <algorithm>

#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/plan/run_plan.hpp"

namespace walletfuzz::plan {
namespace {

namespace lg = walletfuzz::loadgen;
namespace fs = std::filesystem;

// Findings of findings.json as request classes. Each finding's request file is relative to the
// file's directory. The handler's baseline median, measured beside each finding, goes to
// `baseline_ms` (the longest, when findings disagree) for the spend estimate.
std::vector<lg::RequestClass> findings_classes(const fs::path& file,
                                               const scenarios::TrafficMix& mix,
                                               std::map<std::string, double>& baseline_ms) {
  const fs::path run_dir = file.parent_path();
  const formats::FindingsFile findings = formats::read_findings_file(file);
  std::vector<lg::RequestClass> out;
  std::map<std::string, double> share = {{"crash", mix.crash},
                                         {"timeout", mix.timeout},
                                         {"oom", mix.oom},
                                         {"slow", mix.slow},
                                         {"leak", mix.leak}};
  std::map<std::string, unsigned> per_kind;
  for (std::size_t i = 0; i < findings.findings.size(); ++i) {
    const formats::FindingRecord& f = findings.findings[i];
    lg::RequestClass c;
    c.finding_id = f.id;
    c.kind = f.kind;
    c.handler = f.handler;
    c.name = "finding:" + c.finding_id;
    if (!share.contains(c.kind)) {
      throw InputError({file.string(), 0, 0, "findings[" + std::to_string(i) + "].kind"},
                       "unknown kind \"" + c.kind + "\"");
    }
    const double ms = static_cast<double>(f.baseline_median_ns) / 1e6;
    if (ms > 0) baseline_ms[c.handler] = std::max(baseline_ms[c.handler], ms);
    if (share[c.kind] <= 0) continue;  // weight 0 leaves the kind out
    c.request = load_request_file(run_dir / f.file);
    ++per_kind[c.kind];
    out.push_back(std::move(c));
  }
  // The mix weights a kind as a whole; its findings share that weight equally.
  for (auto& c : out) c.weight = share[c.kind] / per_kind[c.kind];
  return out;
}

}  // namespace

ReplayClasses replay_classes(const RunPlan& plan) {
  ReplayClasses out;
  if (!plan.load) return out;
  const LoadStagePlan& load = *plan.load;
  out.classes = load.load.classes;
  if (load.findings_file.empty()) return out;  // a plan without a scenario replays no findings
  std::error_code ec;
  if (fs::exists(load.findings_file, ec)) {
    for (auto& c : findings_classes(load.findings_file, load.mix, out.baseline_median_ms)) {
      // A finding is checked like its function's normal traffic: its failures (a crash's 502)
      // are counted per class, apart from the baselines' that judge the run.
      if (const FunctionPlan* f = plan.function(c.handler)) c.expect = f->expect;
      out.classes.push_back(std::move(c));
    }
  } else if (load.wants_findings()) {
    out.missing_findings = load.findings_file.string() +
                           " does not exist, so no finding was replayed although the traffic "
                           "mix gives findings weight (the fuzz stage writes it)";
  }
  return out;
}

// Findings (and request files, which may well be findings) are assumed to run to their
// function's timeout: they are slow, time out or crash by design, and the timeout is the most
// one invocation can be billed. A baseline uses its handler's measured baseline median when
// there is one, else the timeout too.
std::vector<lg::ClassPricing> price_classes(const RunPlan& plan,
                                            const std::vector<lg::RequestClass>& classes,
                                            const std::map<std::string, double>& baseline_ms,
                                            std::optional<double> flat_usd) {
  const auto catalog = plan.pricing.catalog();
  std::vector<lg::ClassPricing> out;
  for (const auto& c : classes) {
    lg::ClassPricing p;
    const FunctionPlan* f =
        c.handler.empty() ? plan.function_for(c.request) : plan.function(c.handler);
    p.function = f != nullptr ? f->config : plan.default_function;
    if (c.kind == "baseline" && !c.handler.empty()) {
      const auto median = baseline_ms.find(c.handler);
      if (median != baseline_ms.end()) p.duration_ms = median->second;
    }
    if (flat_usd) {
      p.flat_usd_per_request = flat_usd;
    } else if (catalog.find(p.function.provider) == nullptr) {
      p.flat_usd_per_request =
          plan.load ? plan.load->price_per_request_usd : LoadStagePlan{}.price_per_request_usd;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace walletfuzz::plan
