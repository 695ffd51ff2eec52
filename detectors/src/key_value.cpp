#include "key_value.hpp"

#include <algorithm>
#include <cctype>

#include "excerpt.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors::detail {

bool is_alnum(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_key_char(char c) noexcept {
  return is_alnum(c) || c == '_' || c == '-' || c == '.';
}

Span key_around(std::string_view text, std::size_t begin, std::size_t end) noexcept {
  std::size_t limit = 128;
  while (begin > 0 && is_key_char(text[begin - 1]) && limit-- > 0) --begin;
  limit = 128;
  while (end < text.size() && is_key_char(text[end]) && limit-- > 0) ++end;
  return {begin, end};
}

namespace {

bool is_quote(char c) noexcept {
  return c == '"' || c == '\'' || c == '`';
}

// Skips an optional quote, escaped or not ("\""), returning the quote character or 0.
char skip_quote(std::string_view text, std::size_t& i) noexcept {
  if (i + 1 < text.size() && text[i] == '\\' && is_quote(text[i + 1])) {
    i += 2;
    return text[i - 1];
  }
  if (i < text.size() && is_quote(text[i])) return text[i++];
  return 0;
}

void skip_spaces(std::string_view text, std::size_t& i, std::size_t limit) noexcept {
  while (i < text.size() && limit-- > 0 && (text[i] == ' ' || text[i] == '\t')) ++i;
}

}  // namespace

std::optional<Span> value_after_key(std::string_view text, std::size_t key_end) noexcept {
  std::size_t i = key_end;
  skip_quote(text, i);
  if (i < text.size() && text[i] == ']') ++i;  // PHP ["KEY"]=>
  skip_spaces(text, i, 8);
  if (i >= text.size()) return std::nullopt;
  if (text[i] == '=' && i + 1 < text.size() && text[i + 1] == '>') {
    i += 2;
  } else if (text[i] == '=' || text[i] == ':' || text[i] == '>') {
    ++i;
  } else {
    return std::nullopt;
  }
  // Whitespace including a newline (var_dump, pretty-printed XML), then var_dump's "string(N) ".
  for (std::size_t limit = 16; i < text.size() && limit > 0; --limit) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
      ++i;
    } else if (text[i] == '\\' && i + 1 < text.size() &&
               (text[i + 1] == 'n' || text[i + 1] == 't')) {
      i += 2;
    } else {
      break;
    }
  }
  if (text.substr(i, 7) == "string(") {
    std::size_t close = text.find(')', i);
    if (close == std::string_view::npos || close - i > 16) return std::nullopt;
    i = close + 1;
    skip_spaces(text, i, 4);
  }
  char quote = skip_quote(text, i);
  std::size_t begin = i;
  if (quote != 0) {
    while (i < text.size() && i - begin < 600 && text[i] != quote && text[i] != '\n') {
      if (text[i] == '\\') break;  // an escaped closing quote ends a JSON-in-JSON value
      ++i;
    }
  } else {
    while (i < text.size() && i - begin < 600) {
      char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '&' ||
          c == '<' || c == '"' || c == '\'' || c == '}' || c == ']' || c == '\\') {
        break;
      }
      ++i;
    }
  }
  if (i == begin) return std::nullopt;
  return Span{begin, i};
}

std::optional<Span> key_before_value(std::string_view text, std::size_t value_begin) noexcept {
  std::size_t i = value_begin;
  std::size_t skipped = 0;
  // Back over an opening quote, spaces and one separator.
  while (i > 0 && skipped < 12) {
    char c = text[i - 1];
    if (c == '"' || c == '\'' || c == ' ' || c == '\\' || c == '\t') {
      --i;
      ++skipped;
      continue;
    }
    break;
  }
  if (i == 0) return std::nullopt;
  if (text[i - 1] == ':' || text[i - 1] == '=' || text[i - 1] == '>') {
    --i;
    if (i > 0 && text[i - 1] == '=') --i;
  } else {
    return std::nullopt;
  }
  while (i > 0 &&
         (text[i - 1] == ' ' || text[i - 1] == '"' || text[i - 1] == '\'' || text[i - 1] == '\\')) {
    --i;
  }
  std::size_t end = i;
  while (i > 0 && is_key_char(text[i - 1]) && end - i < 128) --i;
  if (i == end) return std::nullopt;
  return Span{i, end};
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_base64_char(char c) noexcept {
  return is_alnum(c) || c == '+' || c == '/';
}
bool is_base64url_char(char c) noexcept {
  return is_alnum(c) || c == '_' || c == '-';
}
bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

Evidence secret_evidence(std::string_view text, std::size_t begin, std::size_t end,
                         std::size_t context_begin) {
  std::size_t from = std::max(context_begin, begin > 48 ? begin - 48 : std::size_t{0});
  auto line_start = text.rfind('\n', begin == 0 ? 0 : begin - 1);
  if (line_start != std::string_view::npos && line_start + 1 > from && line_start < begin) {
    from = line_start + 1;
  }
  std::string excerpt = make_excerpt(text, from, begin, 64);
  if (!excerpt.empty()) excerpt += ' ';
  std::string_view secret = text.substr(begin, end - begin);
  excerpt += redact(secret);
  return Evidence{begin, end, std::move(excerpt), std::string(secret)};
}

std::optional<Evidence> SingleSecretRule::verify(std::string_view text, std::size_t trigger_begin,
                                                 std::size_t trigger_end) const {
  std::vector<SecretMatch> found = find_secrets(text, trigger_begin, trigger_end);
  if (found.empty()) return std::nullopt;
  return secret_evidence(text, found.front().begin, found.front().end, found.front().context_begin);
}

bool looks_like_uuid(std::string_view v) noexcept {
  if (v.size() != 36) return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? v[i] != '-' : !is_hex(v[i])) return false;
  }
  return true;
}

bool is_placeholder(std::string_view value) {
  static constexpr std::string_view kWords[] = {
      "example",    "changeme", "change_me", "placeholder", "redacted",    "xxxx",
      "****",       "${",       "{{",        "<",           "your_",       "your-",
      "dummy",      "sample",   "replace",   "todo",        "secret_here", "password123",
      "notasecret", "fake",     "masked",    "%s"};
  std::string lower = lowercase(value);
  for (auto word : kWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace walletfuzz::detectors::detail
