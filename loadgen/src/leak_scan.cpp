#include "leak_scan.hpp"

#include "walletfuzz/detectors/leak_detector.hpp"

namespace walletfuzz::loadgen::detail {

struct LeakScanner::Impl {
  explicit Impl(detectors::LeakAllowlist accepted) : allowlist(std::move(accepted)) {}
  detectors::LeakDetector detector;
  detectors::LeakAllowlist allowlist;
};

LeakScanner::LeakScanner(detectors::LeakAllowlist allowlist)
    : impl_(std::make_unique<Impl>(std::move(allowlist))) {}

LeakScanner::~LeakScanner() = default;

// A response leaks when the detector reports anything above `info` (an X-Powered-By header
// without a version is reported by `walletfuzz scan` but is not a leak); it counts as accepted
// when every such finding is allowlisted, as `walletfuzz scan` and the no_new_leaks gate decide.
LeakVerdict LeakScanner::scan(const Response& response, std::string_view function) const {
  auto findings = impl_->detector.scan_response(response);
  bool any = false;
  for (const auto& finding : findings) any |= detectors::is_leak(finding);
  if (!any) return LeakVerdict::none;
  if (impl_->allowlist.entries.empty()) return LeakVerdict::leak;
  impl_->allowlist.apply(findings, function);
  for (const auto& finding : findings) {
    if (detectors::is_leak(finding) && !finding.allowlisted) return LeakVerdict::leak;
  }
  return LeakVerdict::allowlisted;
}

}  // namespace walletfuzz::loadgen::detail
