#pragma once
// Reading a response's Retry-After header (RFC 9110 section 10.2.3): either delay-seconds
// ("120") or an HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT"), the date relative to the
// response's own Date header when it has one, so a skewed client clock does not change it.
//
//   retry_after_seconds("120", std::nullopt, now)                      // 120
//   retry_after_seconds("99999999999999999999999999", std::nullopt, now)  // UINT64_MAX
//   retry_after_seconds("Sun, 06 Nov 1994 08:51:37 GMT",
//                       "Sun, 06 Nov 1994 08:49:37 GMT", now)          // 120
//   retry_after_seconds("soon", std::nullopt, now)                     // nullopt: malformed

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace walletfuzz::loadgen {

/// Seconds since the Unix epoch of an HTTP-date in any of the three forms a recipient must
/// accept: IMF-fixdate, the obsolete RFC 850 form and asctime's. nullopt when it is none of them
/// or names an impossible date.
std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept;

/// The wait a Retry-After value asks for, in seconds. delay-seconds saturate at UINT64_MAX
/// rather than wrap (a 26-digit value means "a very long time", not 0); an HTTP-date in the
/// past is 0. `date_header` is the response's Date value (ignored when absent or unreadable;
/// `now` is used instead). nullopt when the value is neither form.
std::optional<std::uint64_t> retry_after_seconds(std::string_view value,
                                                 std::optional<std::string_view> date_header,
                                                 std::chrono::system_clock::time_point now);

}  // namespace walletfuzz::loadgen
