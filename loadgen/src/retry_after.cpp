#include "walletfuzz/loadgen/retry_after.hpp"

#include <array>
#include <limits>

namespace walletfuzz::loadgen {
namespace {

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                    "Friday", "Saturday", "Sunday"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A cursor over the date text; each step consumes what it matched or reports failure.
struct Cursor {
  std::string_view rest;

  bool literal(std::string_view s) {
    if (rest.substr(0, s.size()) != s) return false;
    rest.remove_prefix(s.size());
    return true;
  }
  template <std::size_t N>
  bool one_of(const std::array<std::string_view, N>& names, int* index = nullptr) {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(names[i])) {
        if (index) *index = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }
  // Exactly `width` digits (asctime pads a one-digit day with a space: `pad_space`).
  bool digits(int width, int& out, bool pad_space = false) {
    out = 0;
    for (int i = 0; i < width; ++i) {
      if (rest.empty()) return false;
      const char c = rest.front();
      rest.remove_prefix(1);
      if (c == ' ' && pad_space && i == 0) continue;
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  }
  bool time_of_day(int& h, int& m, int& s) {
    return digits(2, h) && literal(":") && digits(2, m) && literal(":") && digits(2, s);
  }
};

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

std::optional<std::int64_t> to_epoch(int year, int month0, int day, int h, int m, int s) {
  static constexpr std::array<int, 12> kLength{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int length = kLength[static_cast<std::size_t>(month0)] + (month0 == 1 && leap(year));
  // 60 seconds: a leap second, which the grammar allows.
  if (day < 1 || day > length || h > 23 || m > 59 || s > 60) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month0 + 1), static_cast<unsigned>(day)) *
             86400 +
         h * 3600 + m * 60 + s;
}

}  // namespace

std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept {
  text = trim(text);
  int month = 0, day = 0, year = 0, h = 0, m = 0, s = 0;
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  Cursor imf{text};
  if (imf.one_of(kDays) && imf.literal(", ") && imf.digits(2, day) && imf.literal(" ") &&
      imf.one_of(kMonths, &month) && imf.literal(" ") && imf.digits(4, year) && imf.literal(" ") &&
      imf.time_of_day(h, m, s) && imf.literal(" GMT") && imf.rest.empty()) {
    return to_epoch(year, month, day, h, m, s);
  }
  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT. A two-digit year more than 50 years in the future
  // means the past century (RFC 9110); with no clock at hand, 70-99 read as 19xx, as most do.
  Cursor rfc850{text};
  if (rfc850.one_of(kLongDays) && rfc850.literal(", ") && rfc850.digits(2, day) &&
      rfc850.literal("-") && rfc850.one_of(kMonths, &month) && rfc850.literal("-") &&
      rfc850.digits(2, year) && rfc850.literal(" ") && rfc850.time_of_day(h, m, s) &&
      rfc850.literal(" GMT") && rfc850.rest.empty()) {
    return to_epoch(year + (year >= 70 ? 1900 : 2000), month, day, h, m, s);
  }
  // asctime: Sun Nov  6 08:49:37 1994
  Cursor asc{text};
  if (asc.one_of(kDays) && asc.literal(" ") && asc.one_of(kMonths, &month) && asc.literal(" ") &&
      asc.digits(2, day, true) && asc.literal(" ") && asc.time_of_day(h, m, s) &&
      asc.literal(" ") && asc.digits(4, year) && asc.rest.empty()) {
    return to_epoch(year, month, day, h, m, s);
  }
  return std::nullopt;
}

std::optional<std::uint64_t> retry_after_seconds(std::string_view value,
                                                 std::optional<std::string_view> date_header,
                                                 std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t seconds = 0;
    for (const char c : value) {
      const auto digit = static_cast<std::uint64_t>(c - '0');
      seconds = seconds > (kMax - digit) / 10 ? kMax : seconds * 10 + digit;
    }
    return seconds;
  }
  const auto until = parse_http_date(value);
  if (!until) return std::nullopt;
  std::optional<std::int64_t> from = date_header ? parse_http_date(*date_header) : std::nullopt;
  if (!from) {
    from = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  }
  return *until > *from ? static_cast<std::uint64_t>(*until - *from) : 0;
}

}  // namespace walletfuzz::loadgen
