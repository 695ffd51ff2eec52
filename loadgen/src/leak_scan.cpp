#include "leak_scan.hpp"

#if __has_include("walletfuzz/detectors/leak_detector.hpp")
#include "walletfuzz/detectors/leak_detector.hpp"
#define WALLETFUZZ_LOADGEN_HAS_LEAK_DETECTOR 1
#endif

namespace walletfuzz::loadgen::detail {

#ifdef WALLETFUZZ_LOADGEN_HAS_LEAK_DETECTOR
namespace {
// A response leaks when the detector reports anything above `info`: an informational finding
// (an X-Powered-By header without a version) is reported by `walletfuzz scan` but is not a leak.
bool any_leak(const std::vector<walletfuzz::detectors::LeakFinding>& findings) {
  for (const auto& finding : findings) {
    if (walletfuzz::detectors::is_leak(finding)) return true;
  }
  return false;
}
}  // namespace

struct LeakScanner::Impl {
  walletfuzz::detectors::LeakDetector detector;
};

LeakScanner::LeakScanner() : impl_(std::make_unique<Impl>()) {}
bool LeakScanner::available() const noexcept {
  return true;
}
bool LeakScanner::flags(const Response& response) const {
  return any_leak(impl_->detector.scan_response(response));
}
#else
struct LeakScanner::Impl {};
LeakScanner::LeakScanner() = default;
bool LeakScanner::available() const noexcept {
  return false;
}
bool LeakScanner::flags(const Response&) const {
  return false;
}
#endif

LeakScanner::~LeakScanner() = default;

}  // namespace walletfuzz::loadgen::detail
