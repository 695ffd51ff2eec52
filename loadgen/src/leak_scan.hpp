#pragma once
// The leak detector as the load generator uses it: one scanner shared by the worker threads (the
// detector is thread-safe), asked only "did this response leak anything?". The detectors module is
// built in parallel with this one; until its header exists the scanner reports nothing and says so
// (available() is false).

#include <memory>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::loadgen::detail {

class LeakScanner {
 public:
  LeakScanner();
  ~LeakScanner();
  LeakScanner(const LeakScanner&) = delete;
  LeakScanner& operator=(const LeakScanner&) = delete;

  /// True when the detectors module is built in and a detector could be created.
  bool available() const noexcept;
  /// True when the detector flags `response` (a stack trace, a verbose error, a secret).
  bool flags(const Response& response) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace walletfuzz::loadgen::detail
