#include "walletfuzz/loadgen/retry_after.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace walletfuzz::loadgen {
namespace {

// 1994-11-06T08:49:37Z, the example date of RFC 9110.
constexpr std::int64_t kExample = 784111777;
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(kExample));

TEST(retry_after_test, the_three_http_date_forms_name_the_same_instant) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kExample);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kExample);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kExample);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(parse_http_date("Tue, 29 Feb 2028 12:00:00 GMT"), 1835438400);
}

TEST(retry_after_test, impossible_or_sloppy_dates_are_not_dates) {
  for (const char* text : {"", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
                           "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT",
                           "Sun, 29 Feb 1900 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                           "Sun, 06 Foo 1994 08:49:37 GMT",
                           "Sun, 06 Nov 1994 08:49:37 GMT trailing", "06 Nov 1994 08:49:37 GMT"}) {
    EXPECT_FALSE(parse_http_date(text)) << text;
  }
}

TEST(retry_after_test, delay_seconds_saturate_instead_of_wrapping) {
  EXPECT_EQ(retry_after_seconds("120", std::nullopt, kNow), 120u);
  EXPECT_EQ(retry_after_seconds(" 0 ", std::nullopt, kNow), 0u);
  EXPECT_EQ(retry_after_seconds("18446744073709551615", std::nullopt, kNow),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(retry_after_seconds("18446744073709551616", std::nullopt, kNow),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(retry_after_seconds("99999999999999999999999999", std::nullopt, kNow),
            std::numeric_limits<std::uint64_t>::max());
}

TEST(retry_after_test, an_http_date_counts_from_the_response_date_else_from_now) {
  EXPECT_EQ(retry_after_seconds("Sun, 06 Nov 1994 08:51:37 GMT",
                                std::string_view("Sun, 06 Nov 1994 08:49:37 GMT"),
                                std::chrono::system_clock::time_point{}),
            120u);
  EXPECT_EQ(retry_after_seconds("Sun, 06 Nov 1994 08:50:37 GMT", std::nullopt, kNow), 60u);
  EXPECT_EQ(retry_after_seconds("Sun, 06 Nov 1994 08:50:37 GMT", std::string_view("garbage"), kNow),
            60u);
  EXPECT_EQ(retry_after_seconds("Sun, 06 Nov 1994 08:00:00 GMT", std::nullopt, kNow), 0u);
}

TEST(retry_after_test, anything_else_is_malformed) {
  for (const char* text : {"", "soon", "-1", "1.5", "12s", "0x10", "Sun, 06 Nov 1994"}) {
    EXPECT_FALSE(retry_after_seconds(text, std::nullopt, kNow)) << text;
  }
}

}  // namespace
}  // namespace walletfuzz::loadgen
