#pragma once
// Undoing the escapes a leak hides behind: a stack trace inside a JSON string has "\n" for its
// newlines and "\"" for its quotes; inside an HTML page it has "&quot;", "&lt;" and "<br>".
// Rules verify their signatures on the unescaped text and map the match back to source bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::detectors::detail {

/// Text with escapes undone. origin[i] is the source offset of text[i]; origin has one extra
/// entry (the source size) so that an end offset maps too.
struct UnescapedText {
  std::string text;
  std::vector<std::uint32_t> origin;

  std::size_t source_offset(std::size_t i) const {
    return origin[i < origin.size() ? i : origin.size() - 1];
  }
};

/// True when `text` holds a JSON escape ("\n", "\"", "\u...") or an HTML entity or <br>.
bool has_escapes(std::string_view text) noexcept;

/// Undoes JSON string escapes, HTML character references and tags (<br> and the ends of block
/// elements become newlines) once.
UnescapedText unescape(std::string_view source);

/// Undoes a second layer on top of `first` (a JSON document embedded as a string in another
/// JSON document is escaped twice); offsets still map to the original source.
UnescapedText unescape_again(const UnescapedText& first);

}  // namespace walletfuzz::detectors::detail
