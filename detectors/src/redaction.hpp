#pragma once
// Keeping secrets out of every output: redaction of a known secret value, and a second line of
// defence that masks anything secret-shaped in an excerpt before it leaves the detector.

#include <string>
#include <string_view>

namespace walletfuzz::detectors::detail {

/// Shannon entropy in bits per character (0 for empty input).
double shannon_entropy(std::string_view text) noexcept;

/// A one-line excerpt of text[begin, end) at most `max_chars` long: runs of whitespace become
/// one space, control bytes become '?', and secret-shaped tokens are masked (mask_secrets).
std::string make_excerpt(std::string_view text, std::size_t begin, std::size_t end,
                         std::size_t max_chars = 160);

/// Replaces each token that looks like a secret (long, high-entropy, mixed character classes,
/// or the value of a key=value pair whose key names a secret) with its redacted form.
std::string mask_secrets(std::string_view excerpt);

}  // namespace walletfuzz::detectors::detail
