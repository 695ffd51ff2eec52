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

// Length of the HTML character reference or <br> at text[i] and its character, or 0.
std::size_t html_escape(std::string_view text, std::size_t i, char& out) noexcept {
  if (text[i] == '<') {
    for (std::string_view tag : {"<br>", "<br/>", "<br />"}) {
      if (starts_with_nocase(text, i, tag)) {
        out = '\n';
        return tag.size();
      }
    }
    return 0;
  }
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
    char decoded = 0;
    std::size_t used = 0;
    if (c == '\\') {
      used = json_escape(source, i, decoded);
    } else if (c == '&' || c == '<') {
      used = html_escape(source, i, decoded);
    }
    if (used == 0) {
      decoded = c;
      used = 1;
    }
    result.text.push_back(decoded);
    result.origin.push_back(static_cast<std::uint32_t>(i));
    i += used;
  }
  result.origin.push_back(static_cast<std::uint32_t>(source.size()));
  return result;
}

}  // namespace

bool has_escapes(std::string_view text) noexcept {
  return text.find('\\') != std::string_view::npos || text.find('&') != std::string_view::npos ||
         text.find("<br") != std::string_view::npos || text.find("<BR") != std::string_view::npos;
}

UnescapedText unescape(std::string_view source) {
  UnescapedText first = unescape_once(source);
  if (!has_escapes(first.text)) return first;
  UnescapedText second = unescape_once(first.text);
  for (auto& offset : second.origin) offset = first.origin[offset];
  return second;
}

}  // namespace walletfuzz::detectors::detail
