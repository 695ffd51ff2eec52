#include "text_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace walletfuzz::reports::detail {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at `at`, or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points past U+10FFFF.
  if (lead == 0xE0 && byte(at + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(at + 1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(at + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(at + 1) >= 0x90) return 0;
  return length;
}

std::string group_thousands(std::string digits) {
  std::size_t start = digits[0] == '-' ? 1 : 0;
  for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(digits.size()) - 3;
       i > static_cast<std::ptrdiff_t>(start); i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

std::string printf_string(const char* format, double value, int precision) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, precision, value);
  return buffer;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

namespace {

// The entities both HTML and Markdown (which GitHub renders as HTML) need, or nullptr.
const char* markup_entity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    default:
      return nullptr;
  }
}

bool is_control(char c) {
  return static_cast<unsigned char>(c) < 0x20;
}

}  // namespace

std::string html_escape(std::string_view raw) {
  std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (const char* entity = markup_entity(c)) {
      out += entity;
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\'') {
      out += "&#39;";
    } else if (is_control(c) && c != '\n' && c != '\t' && c != '\r') {
      out += kReplacement;
    } else {
      out += c;
    }
  }
  return out;
}

std::string markdown_escape(std::string_view raw) {
  std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    if (const char* entity = markup_entity(c)) {
      out += entity;
      continue;
    }
    switch (c) {
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '{':
      case '}':
      case '[':
      case ']':
      case '(':
      case ')':
      case '#':
      case '+':
      case '!':
      case '|':
      case '~':
      case '"':
        out += '\\';
        out += c;
        break;
      default:
        if (is_control(c)) {
          out += kReplacement;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string format_number(double value, int precision) {
  if (!std::isfinite(value)) return "n/a";
  if (std::fabs(value) >= 1000 && std::fabs(value) < 1e15) {
    return group_thousands(printf_string("%.*f", std::round(value), 0));
  }
  return printf_string("%.*g", value, precision);
}

std::string format_usd(double amount) {
  if (!std::isfinite(amount)) return "n/a";
  if (amount == 0) return "$0.00";
  if (std::fabs(amount) >= 0.01) {
    std::string fixed = printf_string("%.*f", amount, 2);
    auto dot = fixed.find('.');
    return "$" + group_thousands(fixed.substr(0, dot)) + fixed.substr(dot);
  }
  // Two significant digits in fixed notation: "$0.0000078", never "7.8e-06".
  int decimals = static_cast<int>(std::ceil(-std::log10(std::fabs(amount)))) + 1;
  return std::string(amount < 0 ? "-$" : "$") +
         printf_string("%.*f", std::fabs(amount), std::min(decimals, 12));
}

std::string format_ratio(double value) {
  if (!std::isfinite(value)) return "n/a";
  if (value >= 100) return format_number(value, 4) + "x";
  return printf_string("%.*g", value, 3) + "x";
}

std::string format_ms(double milliseconds) {
  if (!std::isfinite(milliseconds)) return "n/a";
  if (milliseconds >= 10000) return printf_string("%.*g", milliseconds / 1000, 3) + " s";
  if (milliseconds >= 100) return format_number(std::round(milliseconds)) + " ms";
  return printf_string("%.*g", milliseconds, 2 + (milliseconds >= 10 ? 1 : 0)) + " ms";
}

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

}  // namespace walletfuzz::reports::detail
