#include "excerpt.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors::detail {

double shannon_entropy(std::string_view text) noexcept {
  if (text.empty()) return 0.0;
  std::array<unsigned, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  double entropy = 0.0;
  const double n = static_cast<double>(text.size());
  for (unsigned count : counts) {
    if (count == 0) continue;
    double p = count / n;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

std::string one_line(std::string_view text, std::size_t max_chars) {
  std::string flat;
  flat.reserve(std::min(text.size(), max_chars));
  bool in_space = false;
  for (std::size_t i = 0; i < text.size() && flat.size() < max_chars; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      if (!in_space && !flat.empty()) flat.push_back(' ');
      in_space = true;
      continue;
    }
    in_space = false;
    flat.push_back(c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c));
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  return flat;
}

std::string make_excerpt(std::string_view text, std::size_t begin, std::size_t end,
                         std::size_t max_chars) {
  if (begin > text.size()) begin = text.size();
  if (end > text.size() || end < begin) end = text.size();
  // Take a little more than max_chars so that a token cut at the edge is still recognised as a
  // secret by the redactor before the final cut.
  std::string flat = one_line(text.substr(begin, end - begin), max_chars + 64);
  std::string masked = redact_secrets(flat, RedactionOptions{.random_tokens = true});
  if (masked.size() > max_chars) {
    std::size_t cut = max_chars;
    // Do not cut a UTF-8 sequence in half.
    while (cut > 0 && (static_cast<unsigned char>(masked[cut]) & 0xC0) == 0x80) --cut;
    masked.resize(cut);
    masked += "\u2026";
  }
  return masked;
}

}  // namespace walletfuzz::detectors::detail
