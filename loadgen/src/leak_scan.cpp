#include "leak_scan.hpp"

#if __has_include("walletfuzz/detectors/leak_detector.hpp")
#include "walletfuzz/detectors/leak_detector.hpp"
#define WALLETFUZZ_LOADGEN_HAS_LEAK_DETECTOR 1
#endif

namespace walletfuzz::loadgen::detail {

#ifdef WALLETFUZZ_LOADGEN_HAS_LEAK_DETECTOR
namespace {
// The detector's result type is the detectors module's to choose; a leak is "something came
// back": a non-empty list, a set optional, or a true bool.
template <class Result>
bool anything_found(const Result& result) {
  if constexpr (requires { result.empty(); }) {
    return !result.empty();
  } else if constexpr (requires { result.findings.empty(); }) {
    return !result.findings.empty();
  } else {
    return static_cast<bool>(result);
  }
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
  return anything_found(impl_->detector.scan_response(response));
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
