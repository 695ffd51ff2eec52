// Probes the held-out handlers (tests/data/growth_handlers, written by someone who did not write
// the fit) and prints, per handler, what probing says: superlinear or unbounded, or neither.
// Not a test: the labels are scored by hand against labels.tsv (docs/PERFORMANCE.md).
//
// The same procedure for every handler, blind to the labels: each baseline request's repeated
// part (find_scale_axis) is grown ×1.25 at a time until one request costs 1 ms of CPU or is 16 KB
// (the size a fuzzing campaign reaches), and that request is probed (probe_scaling), measured
// in-process. A handler is called superlinear when any of its baselines' probes says
// superlinear or unbounded.
#include <cmath>
#include <cstdio>

#include "in_process_probe.hpp"

namespace backoffice {
walletfuzz::HandlerRegistry make_app();
}

int main() {
  using namespace walletfuzz;
  const HandlerRegistry app = backoffice::make_app();
  for (const HandlerSpec& spec : app.handlers()) {
    bool flagged = false;
    std::string said;
    for (const std::string& baseline : spec.baseline_requests) {
      auto axis = fuzzers::find_scale_axis(baseline);
      if (!axis) continue;
      std::string grown = baseline;
      for (double count = axis->count; count < axis->count * 1e5; count *= 1.25) {
        auto next = fuzzers::rebuild_at(baseline, *axis, std::ceil(count));
        if (!next) break;
        grown = *next;
        auto cost = testing::run_in_process(spec, grown);
        if (!cost.cost_ns || *cost.cost_ns >= 1e6 || grown.size() >= 16384) break;
      }
      fuzzers::ProbeLimits limits{
          .timeout_ns = std::chrono::duration<double, std::nano>(spec.settings.timeout).count()};
      auto result = fuzzers::probe_scaling(grown, limits, testing::in_process_measure(spec));
      if (!result) {
        said += " [" + std::string(fuzzers::scale_axis_name(axis->kind)) + ": no fit]";
        continue;
      }
      flagged = flagged || result->superlinear || result->unbounded;
      said += " [" + fuzzers::growth_phrase(*result) + "]";
    }
    std::printf("%s\t%s\t%s\n", spec.name.c_str(), flagged ? "superlinear" : "not", said.c_str());
  }
  return 0;
}
