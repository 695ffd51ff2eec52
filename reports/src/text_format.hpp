#pragma once
// Escaping and number formatting shared by the renderers. Every string that reaches a report
// passes through one of the escapers below: finding bodies and summaries are attacker-controlled.

#include <string>
#include <string_view>

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

/// "$1,234.57", "$0.42", "$0.0000078" (small amounts keep 2 significant digits).
std::string format_usd(double amount);
/// "19,973x", "3.4x".
std::string format_ratio(double value);
/// "%.<precision>g" with a thousands separator for large integers ("1,250,000").
std::string format_number(double value, int precision = 4);
/// "912 ms", "1.3 ms", "0.21 ms", "12.4 s".
std::string format_ms(double milliseconds);

/// The current time as ISO 8601 UTC ("2026-11-28T12:00:00Z").
std::string utc_now_iso8601();

/// Replaces bytes that are not valid UTF-8 with U+FFFD, so JSON and XML writers get text.
std::string valid_utf8(std::string_view text);

}  // namespace walletfuzz::reports::detail
