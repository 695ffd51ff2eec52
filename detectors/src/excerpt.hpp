#pragma once
// One-line excerpts of evidence, safe to print: the detector's findings carry them.

#include <cstddef>
#include <string>
#include <string_view>

namespace walletfuzz::detectors::detail {

/// Shannon entropy in bits per character (0 for empty input).
double shannon_entropy(std::string_view text) noexcept;

/// `text` on one line: runs of whitespace (line breaks included) become one space, other control
/// bytes '?', leading and trailing spaces go; at most `max_chars` bytes are produced.
std::string one_line(std::string_view text, std::size_t max_chars = std::string_view::npos);

/// A one-line excerpt of text[begin, end) at most `max_chars` long: runs of whitespace become
/// one space, control bytes become '?', and every secret is redacted (redact_secrets with
/// random_tokens, since an excerpt of a response may hold a secret of no known shape).
std::string make_excerpt(std::string_view text, std::size_t begin, std::size_t end,
                         std::size_t max_chars = 160);

}  // namespace walletfuzz::detectors::detail
