#include "fail_on.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <system_error>

#include "walletfuzz/core/text_format.hpp"

namespace walletfuzz::fuzzers::detail {

std::filesystem::path fail_on_file(const std::string& setting) {
  if (setting == "off") return {};
  if (!setting.empty()) return setting;  // named on purpose: a missing file is an error later
  std::error_code ec;
  // The binary itself, not argv[0]: the engines start it from another directory, by full path
  // or through a symlink, and the file is shipped beside the real one.
  std::filesystem::path beside = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  beside += ".walletfuzz.yaml";
  return std::filesystem::is_regular_file(beside, ec) ? beside : std::filesystem::path();
}

std::string amplification_text(double amplification) {
  if (!std::isfinite(amplification) || amplification < 0) return "?x";
  return group_thousands(std::to_string(std::llround(amplification))) + "x";
}

std::string fail_on_verdict(const FailOnPolicy& policy, const InvocationHarness& harness,
                            const InvocationOutcome& outcome, double amplification) {
  // Called on every input while a policy is set: nothing is allocated until an input fails.
  if (outcome.kind == FindingKind::none &&
      !(policy.amplification && amplification >= *policy.amplification)) {
    return {};
  }
  const std::string handler = "handler=" + harness.spec().name;
  if (policy.amplification && amplification >= *policy.amplification) {
    const Baseline& baseline = harness.baseline();
    return "slow-input amplification=" + amplification_text(amplification) + " " + handler +
           " threshold=" + amplification_text(*policy.amplification) +
           " wall_ns=" + std::to_string(outcome.cost.wall_ns) +
           " cpu_ns=" + std::to_string(outcome.cost.cpu_ns) +
           " baseline_wall_ns=" + std::to_string(baseline.wall_median_ns) +
           " baseline_cpu_ns=" + std::to_string(baseline.cpu_median_ns);
  }
  switch (outcome.kind) {
    case FindingKind::leak:
      if (!policy.leak || !outcome.leak) return {};
      return "leak " + handler + " rule=" + outcome.leak->rule + " family=" + outcome.leak->family +
             " severity=" + outcome.leak->severity;
    case FindingKind::oom:
      if (!policy.oom) return {};
      return "out-of-memory " + handler +
             " peak_memory_bytes=" + std::to_string(outcome.cost.peak_memory_bytes) +
             " detail=" + outcome.detail;
    case FindingKind::timeout:
      if (!policy.timeout) return {};
      return "timeout " + handler +
             " timeout_ms=" + std::to_string(harness.spec().settings.timeout.count()) +
             " detail=" + outcome.detail;
    default:
      return {};
  }
}

void fail_like_a_crash(const std::string& verdict) {
  std::fprintf(stderr, "==WALLETFUZZ== %s\n", verdict.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace walletfuzz::fuzzers::detail
