#pragma once
// Escaping and number formatting shared by the renderers. Every string that reaches a report
// passes through one of the escapers below: finding bodies and summaries are attacker-controlled.

#include <string>
#include <string_view>

#include "walletfuzz/core/text_format.hpp"

namespace walletfuzz::reports::detail {

/// Text for HTML element content and quoted attribute values (& < > " ' escaped). Also valid
/// for XML 1.0: control characters XML forbids become U+FFFD, so the file always parses.
std::string html_escape(std::string_view text);
inline std::string xml_escape(std::string_view text) {
  return html_escape(text);
}

/// Text for Markdown that GitHub renders: HTML is escaped (GitHub renders inline HTML) and
/// Markdown punctuation is backslash-escaped; line breaks become spaces (for table cells).
std::string markdown_escape(std::string_view text);

/// One POSIX shell word: single-quoted, with embedded quotes as '\''.
std::string shell_quote(std::string_view text);

/// "19,973x", "3.4x".
std::string format_ratio(double value);
/// "%.<precision>g" with a thousands separator for large integers ("1,250,000").
std::string format_number(double value, int precision = 4);
/// "912 ms", "1.3 ms", "0.21 ms", "12.4 s".
std::string format_ms(double milliseconds);

/// The current time as ISO 8601 UTC ("2026-11-28T12:00:00Z").
std::string utc_now_iso8601();

using walletfuzz::format_usd;  // walletfuzz/core/text_format.hpp: money and UTF-8 have one home
using walletfuzz::valid_utf8;

}  // namespace walletfuzz::reports::detail
