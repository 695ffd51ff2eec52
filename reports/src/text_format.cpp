#include "text_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "walletfuzz/core/text_format.hpp"

namespace walletfuzz::reports::detail {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string printf_string(const char* format, double value, int precision) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, precision, value);
  return buffer;
}

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
