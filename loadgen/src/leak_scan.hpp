#pragma once
// The leak detector as the load generator uses it: one scanner shared by the worker threads (the
// detector is thread-safe), asked only "did this response leak anything, and was all of it
// accepted?". The plan's leak allowlist is applied here, with the class's handler as the
// function, so load.json counts accepted leaks apart from the others.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// One worker's last scanned response per request class, with its verdict. A load test's
/// responses to one class are mostly byte-identical, and comparing bytes costs a fraction of
/// scanning them (copying the headers into a Response, the prefilter, the rules): at 100k
/// responses/s it was 3-4% of the client's CPU. Only an exact match (status, every header in
/// order, body) reuses a verdict, so the counts are those of scanning every response. Not
/// thread-safe: one per worker thread.
class LeakScanMemo {
 public:
  using Message = boost::beast::http::response<boost::beast::http::string_body>;

  explicit LeakScanMemo(std::size_t classes) : last_(classes) {}

  /// The verdict on `message`, a response of class `cls` to `function`: the remembered one
  /// when `message` equals that class's last scanned response, else `scanner`'s.
  LeakVerdict scan(const LeakScanner& scanner, std::size_t cls, const Message& message,
                   std::string_view function);

 private:
  struct Last {
    bool valid = false;
    unsigned status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    LeakVerdict verdict = LeakVerdict::none;
  };
  static bool same(const Last& last, const Message& message);
  std::vector<Last> last_;
};

}  // namespace walletfuzz::loadgen::detail
