// Money and UTF-8 as every output prints them (walletfuzz/core/text_format.hpp).
#include "walletfuzz/core/text_format.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace walletfuzz {
namespace {

TEST(text_format_test, small_money_values_keep_their_significant_digits) {
  // A budget of $0.000001 used to print as "$0.0000".
  EXPECT_EQ(format_usd(0.000001), "$0.000001");
  EXPECT_EQ(format_usd(0.0000078), "$0.0000078");
  EXPECT_EQ(format_usd(0.000322500625), "$0.000323");
  EXPECT_EQ(format_usd(0.0144), "$0.0144");
  EXPECT_EQ(format_usd(0.01), "$0.01");
  EXPECT_EQ(format_usd(0.05), "$0.05");
  EXPECT_EQ(format_usd(2e-12), "$0.000000000002");
  EXPECT_EQ(format_usd(1e-15), "<$0.000000000001");  // at most 12 decimals, never an exponent
}

TEST(text_format_test, larger_money_values_print_cents_with_separators) {
  EXPECT_EQ(format_usd(0.42), "$0.42");
  EXPECT_EQ(format_usd(0.1), "$0.10");
  EXPECT_EQ(format_usd(1234567.891), "$1,234,567.89");
  EXPECT_EQ(format_usd(-3), "-$3.00");
  EXPECT_EQ(format_usd(-0.0005), "-$0.0005");
  EXPECT_EQ(format_usd(0), "$0.00");
  EXPECT_EQ(format_usd(std::numeric_limits<double>::infinity()), "n/a");
}

TEST(text_format_test, invalid_utf8_becomes_replacement_characters) {
  EXPECT_EQ(valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(valid_utf8("scen\xFF.yaml"), "scen\xEF\xBF\xBD.yaml");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // cut short
}

}  // namespace
}  // namespace walletfuzz
