#pragma once
// What a client can observe of a response besides its latency, fed back to libFuzzer as
// features, for targets fuzzed black-box over HTTP (http_target_spec.hpp). The latency itself
// goes through the cost buckets (cost_signal.hpp, with HarnessOptions::cost_is_latency); this
// adds the rest, in the bytes after them in the same counter region:
//
//   ResponseFeedback feedback(response_counters());
//   feedback.record_status(503);                     // status class 5
//   feedback.record_shape(response_shape_hash(r));   // status, header names, JSON key skeleton
//   feedback.record_connection_error(ConnectionError::reset);
//   feedback.record_leak_family("stack-trace");
//
// Each signal sets one byte of a fixed slice, so, as with the cost buckets, noise cannot grow
// the corpus without bound: at most 8 status classes, 8 connection errors, 64 leak-family and
// 896 shape slots over a whole campaign.

#include <cstdint>
#include <span>
#include <string_view>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::fuzzers {

/// How an exchange with the target failed before a whole response came back.
enum class ConnectionError : std::uint8_t {
  none = 0,
  refused = 1,      ///< connect() refused or unreachable: nothing listens
  reset = 2,        ///< the connection was reset or closed before a whole response
  timeout = 3,      ///< no whole response within the function's timeout
  malformed = 4,    ///< bytes came back that are not an HTTP/1.x response
  proxy_error = 5,  ///< 502/503/504 from a proxy in front of the function (it crashed or hung)
};

/// "refused", "reset", "timeout", "malformed", "proxy-error" ("none").
std::string_view connection_error_name(ConnectionError error) noexcept;

/// A hash of the response's shape: its status, its header names (lower case, sorted, values
/// left out: dates and request ids differ on every response) and, for a JSON body, the skeleton
/// of its keys and value types (array elements beyond the first left out, so a longer list is
/// the same shape). Two responses of the same code path hash alike; a new error branch rarely does.
std::uint64_t response_shape_hash(const Response& response);

/// Marks response features in `counters` (response_counters(): libFuzzer clears it before each
/// run). Out-of-range slices are ignored, so a short span is safe.
class ResponseFeedback {
 public:
  explicit ResponseFeedback(std::span<std::uint8_t> counters) noexcept : counters_(counters) {}

  void record_status(int status) noexcept;
  void record_connection_error(ConnectionError error) noexcept;
  void record_leak_family(std::string_view family) noexcept;
  void record_shape(std::uint64_t shape_hash) noexcept;

 private:
  void mark(std::size_t offset, std::size_t slots, std::uint64_t value) noexcept;
  std::span<std::uint8_t> counters_;
};

}  // namespace walletfuzz::fuzzers
