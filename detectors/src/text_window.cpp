#include "text_window.hpp"

#include <cstring>

namespace walletfuzz::detectors::detail {
namespace {

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool starts_with_nocase(std::string_view text, std::size_t at, std::string_view prefix) noexcept {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[at + i]) != prefix[i]) return false;
  }
  return true;
}

// Code points outside ASCII do not matter to any signature; they become '?' so that offsets
// stay one output byte per escape.
char narrow(unsigned long code) noexcept {
  if (code == 0xA0) return ' ';  // &nbsp;
  return code < 0x80 ? static_cast<char>(code) : '?';
}

// Length of the JSON escape at text[i] (a backslash) and its character, or 0 if it is none.
std::size_t json_escape(std::string_view text, std::size_t i, char& out) noexcept {
  if (i + 1 >= text.size()) return 0;
  switch (text[i + 1]) {
    case 'n':
      out = '\n';
      return 2;
    case 't':
      out = '\t';
      return 2;
    case 'r':
      out = '\r';
      return 2;
    case '"':
      out = '"';
      return 2;
    case '\\':
      out = '\\';
      return 2;
    case '/':
      out = '/';
      return 2;
    case '\'':
      out = '\'';
      return 2;
    case 'u': {
      if (i + 6 > text.size()) return 0;
      unsigned long code = 0;
      for (std::size_t k = i + 2; k < i + 6; ++k) {
        int d = hex_digit(text[k]);
        if (d < 0) return 0;
        code = code * 16 + static_cast<unsigned long>(d);
      }
      out = narrow(code);
      return 6;
    }
    default:
      return 0;
  }
}

// Length of the HTML tag at text[i] ('<'), or 0 if it is none. Tags vanish so that the text
// inside markup reads as the runtime printed it; line breaks and the ends of block elements
// become newlines, as a browser would show them.
std::size_t html_tag(std::string_view text, std::size_t i, int& out) noexcept {
  if (i + 2 >= text.size()) return 0;
  char next = text[i + 1];
  bool letter = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
  if (!letter && next != '/' && next != '!') return 0;
  std::size_t close = text.find('>', i + 1);
  if (close == std::string_view::npos || close - i > 512) return 0;
  std::size_t name_begin = i + 1 + (next == '/' ? 1 : 0);
  std::size_t name_end = name_begin;
  while (name_end < close && ((text[name_end] >= 'a' && text[name_end] <= 'z') ||
                              (text[name_end] >= 'A' && text[name_end] <= 'Z') ||
                              (text[name_end] >= '0' && text[name_end] <= '9'))) {
    ++name_end;
  }
  std::string name;
  for (std::size_t k = name_begin; k < name_end && name.size() < 10; ++k)
    name.push_back(lower(text[k]));
  static constexpr std::string_view kBreaking[] = {
      "br",    "li", "div", "p",        "tr",   "pre",   "h1",   "h2",   "h3",   "h4", "h5", "h6",
      "table", "ul", "ol",  "textarea", "code", "title", "head", "body", "html", "td", "th"};
  out = -1;
  bool closing = next == '/';
  for (auto tag : kBreaking) {
    if (name == tag && (closing || name == "br")) out = '\n';
  }
  return close + 1 - i;
}

// Length of the HTML character reference at text[i] ('&') and its character, or 0.
std::size_t html_escape(std::string_view text, std::size_t i, char& out) noexcept {
  struct Named {
    std::string_view name;
    char value;
  };
  static constexpr Named kNamed[] = {{"&lt;", '<'},   {"&gt;", '>'},    {"&amp;", '&'},
                                     {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", ' '},
                                     {"&#39;", '\''}, {"&#x27;", '\''}, {"&#47;", '/'}};
  for (const auto& named : kNamed) {
    if (starts_with_nocase(text, i, named.name)) {
      out = named.value;
      return named.name.size();
    }
  }
  if (i + 3 < text.size() && text[i + 1] == '#') {
    std::size_t k = i + 2;
    int base = 10;
    if (text[k] == 'x' || text[k] == 'X') {
      base = 16;
      ++k;
    }
    unsigned long code = 0;
    std::size_t digits = 0;
    for (; k < text.size() && digits < 7; ++k, ++digits) {
      int d = hex_digit(text[k]);
      if (d < 0 || d >= base) break;
      code = code * static_cast<unsigned long>(base) + static_cast<unsigned long>(d);
    }
    if (digits > 0 && k < text.size() && text[k] == ';') {
      out = narrow(code);
      return k + 1 - i;
    }
  }
  return 0;
}

UnescapedText unescape_once(std::string_view source) {
  UnescapedText result;
  result.text.reserve(source.size());
  result.origin.reserve(source.size() + 1);
  for (std::size_t i = 0; i < source.size();) {
    char c = source[i];
    int decoded = static_cast<unsigned char>(c);  // -1 (never a byte value) means "emit nothing"
    std::size_t used = 0;
    if (c == '\\') {
      char escaped = 0;
      used = json_escape(source, i, escaped);
      decoded = static_cast<unsigned char>(escaped);
    } else if (c == '&') {
      char escaped = 0;
      used = html_escape(source, i, escaped);
      decoded = static_cast<unsigned char>(escaped);
    } else if (c == '<') {
      used = html_tag(source, i, decoded);
    }
    if (used == 0) {
      decoded = static_cast<unsigned char>(c);
      used = 1;
    }
    if (decoded >= 0) {
      result.text.push_back(static_cast<char>(decoded));
      result.origin.push_back(static_cast<std::uint32_t>(i));
    }
    i += used;
  }
  result.origin.push_back(static_cast<std::uint32_t>(source.size()));
  return result;
}

}  // namespace

bool has_escapes(std::string_view text) noexcept {
  return text.find_first_of("\\&<") != std::string_view::npos;
}

UnescapedText unescape(std::string_view source) {
  return unescape_once(source);
}

UnescapedText unescape_again(const UnescapedText& first) {
  UnescapedText second = unescape_once(first.text);
  for (auto& offset : second.origin) offset = first.origin[offset];
  return second;
}

}  // namespace walletfuzz::detectors::detail
