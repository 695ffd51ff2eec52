#include "walletfuzz/core/text_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace walletfuzz {
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

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace

std::string group_thousands(std::string digits) {
  std::size_t start = !digits.empty() && digits[0] == '-' ? 1 : 0;
  for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(digits.size()) - 3;
       i > static_cast<std::ptrdiff_t>(start); i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

std::string format_usd(double amount) {
  if (!std::isfinite(amount)) return "n/a";
  if (amount == 0) return "$0.00";
  const std::string sign = amount < 0 ? "-$" : "$";
  const double magnitude = std::fabs(amount);
  if (magnitude >= 0.1) {
    std::string text = fixed(magnitude, 2);
    auto dot = text.find('.');
    return sign + group_thousands(text.substr(0, dot)) + text.substr(dot);
  }
  // Below ten cents, cents would hide the figure that matters (a budget of $0.000001 printed as
  // "$0.00", an estimate of $0.0144 against a budget of $0.01 both as "$0.01"): three
  // significant digits in fixed notation, trailing zeros dropped down to two decimals.
  // Past twelve decimals (a millionth of a millionth of a dollar) no price has a digit left.
  if (magnitude < 1e-12) return "<" + sign + "0.000000000001";
  int decimals = static_cast<int>(std::ceil(-std::log10(magnitude))) + 2;
  std::string text = fixed(magnitude, std::clamp(decimals, 2, 12));
  while (text.size() > 4 && text.back() == '0' && text[text.size() - 3] != '.') text.pop_back();
  return sign + text;
}

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

std::size_t first_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace walletfuzz
