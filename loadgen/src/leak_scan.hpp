#pragma once
// The leak detector as the load generator uses it: one scanner shared by the worker threads (the
// detector is thread-safe), asked only "did this response leak anything, and was all of it
// accepted?". The plan's leak allowlist is applied here, with the class's handler as the
// function, so load.json counts accepted leaks apart from the others.

#include <memory>
#include <string_view>

#include "walletfuzz/core/http.hpp"
#include "walletfuzz/detectors/allowlist.hpp"

namespace walletfuzz::loadgen::detail {

enum class LeakVerdict {
  none,         ///< no finding above info severity
  leak,         ///< at least one leak the allowlist does not accept
  allowlisted,  ///< leaks, every one accepted by the allowlist
};

class LeakScanner {
 public:
  explicit LeakScanner(detectors::LeakAllowlist allowlist = {});
  ~LeakScanner();
  LeakScanner(const LeakScanner&) = delete;
  LeakScanner& operator=(const LeakScanner&) = delete;

  /// Scans `response` of a request to `function` (the class's handler; may be empty).
  LeakVerdict scan(const Response& response, std::string_view function) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace walletfuzz::loadgen::detail
