#pragma once
// Text every output shares: money as people read it, and bytes made valid UTF-8. One home each,
// so a cost prints the same in a report, a cost table, a spend estimate and a budget message.
//
//   walletfuzz::format_usd(1234.5);     // "$1,234.50"
//   walletfuzz::format_usd(0.000001);   // "$0.000001" (small amounts keep significant digits)
//   walletfuzz::valid_utf8("caf\xE9");  // "caf\uFFFD"

#include <string>
#include <string_view>

namespace walletfuzz {

/// Dollars: two decimals with thousands separators from ten cents up ("$1,234.57", "$0.42");
/// below that three significant digits in fixed notation, trailing zeros dropped down to two
/// decimals ("$0.0144", "$0.05", "$0.0000078", "$0.000001": never "7.8e-06", never "$0.0000");
/// "<$0.000000000001" below that; "$0.00" for zero, "n/a" for a non-finite amount; a minus sign
/// first ("-$3.00").
std::string format_usd(double amount);

/// "1234567" -> "1,234,567" (a leading '-' is kept; no fraction expected).
std::string group_thousands(std::string digits);

/// `text` with every byte that does not start a valid UTF-8 sequence (overlong forms, surrogates
/// and code points past U+10FFFF included) replaced by U+FFFD, so JSON and XML writers get text.
std::string valid_utf8(std::string_view text);

/// The offset of the first byte of `text` that does not start a valid UTF-8 sequence (by the
/// rules of valid_utf8), or std::string_view::npos when all of it is UTF-8.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace walletfuzz
