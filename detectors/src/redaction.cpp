#include "redaction.hpp"

#include <array>
#include <cmath>

#include "walletfuzz/detectors/leak_detector.hpp"

namespace walletfuzz::detectors {

std::string redact(std::string_view secret) {
  // Four characters identify a key type (AKIA, eyJh, ghp_) without helping to guess the rest;
  // shorter secrets keep fewer so that at most a quarter of one is shown.
  std::size_t keep = secret.size() >= 16 ? 4 : secret.size() / 4;
  std::string out(secret.substr(0, keep));
  out += "\u2026(" + std::to_string(secret.size()) + " chars)";
  return out;
}

namespace detail {
namespace {

bool is_token_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=' || c == '_' || c == '-';
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool looks_like_secret_token(std::string_view token) noexcept {
  if (token.size() < 16) return false;
  bool upper = false, lower_case = false, digit = false;
  for (char c : token) {
    upper |= c >= 'A' && c <= 'Z';
    lower_case |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
  }
  int classes = int(upper) + int(lower_case) + int(digit);
  return classes >= 2 && digit && shannon_entropy(token) >= 3.3;
}

// A path ("/usr/local/lib/python3.12/site-packages") is a token of short word-like segments;
// a secret is one long random run even when it happens to contain a '/' or two.
bool secret_shaped(std::string_view token) noexcept {
  std::size_t slashes = 0;
  for (char c : token) slashes += c == '/' ? 1 : 0;
  if (slashes < 2) return looks_like_secret_token(token);
  std::size_t start = 0;
  while (start <= token.size()) {
    std::size_t end = token.find('/', start);
    if (end == std::string_view::npos) end = token.size();
    if (looks_like_secret_token(token.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

// Whether the text just before `at` ends with a key naming a secret and a separator, as in
// "password=" or "\"api_key\": \"".
bool after_secret_key(std::string_view text, std::size_t at) noexcept {
  std::size_t i = at;
  std::size_t skipped = 0;
  while (i > 0 && skipped < 6 &&
         (text[i - 1] == ' ' || text[i - 1] == '"' || text[i - 1] == '\'' || text[i - 1] == ':' ||
          text[i - 1] == '=' || text[i - 1] == '>' || text[i - 1] == '\\')) {
    --i;
    ++skipped;
  }
  if (skipped == 0) return false;
  std::size_t key_end = i;
  while (i > 0 && (is_token_char(text[i - 1]) || text[i - 1] == '.')) --i;
  std::string key;
  for (std::size_t k = i; k < key_end; ++k) key.push_back(lower(text[k]));
  for (std::string_view word : {"secret", "token", "password", "passwd", "pwd", "apikey", "api_key",
                                "api-key", "credential", "private_key"}) {
    if (key.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

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

std::string mask_secrets(std::string_view excerpt) {
  std::string out;
  out.reserve(excerpt.size());
  for (std::size_t i = 0; i < excerpt.size();) {
    if (!is_token_char(excerpt[i])) {
      out.push_back(excerpt[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < excerpt.size() && is_token_char(excerpt[end])) ++end;
    std::string_view token = excerpt.substr(i, end - i);
    bool value_of_secret_key = token.size() >= 6 && after_secret_key(excerpt, i);
    if (value_of_secret_key || secret_shaped(token)) {
      out += redact(token);
    } else {
      out.append(token);
    }
    i = end;
  }
  return out;
}

std::string make_excerpt(std::string_view text, std::size_t begin, std::size_t end,
                         std::size_t max_chars) {
  if (begin > text.size()) begin = text.size();
  if (end > text.size() || end < begin) end = text.size();
  std::string flat;
  flat.reserve(std::min(end - begin, max_chars + 1));
  bool in_space = false;
  // Take a little more than max_chars so that a token cut at the edge is still recognised as a
  // secret by mask_secrets before the final cut.
  for (std::size_t i = begin; i < end && flat.size() < max_chars + 64; ++i) {
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
  std::string masked = mask_secrets(flat);
  if (masked.size() > max_chars) {
    std::size_t cut = max_chars;
    // Do not cut a UTF-8 sequence (the ellipsis of a redaction) in half.
    while (cut > 0 && (static_cast<unsigned char>(masked[cut]) & 0xC0) == 0x80) --cut;
    masked.resize(cut);
    masked += "\u2026";
  }
  return masked;
}

}  // namespace detail
}  // namespace walletfuzz::detectors
