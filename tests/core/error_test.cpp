#include "walletfuzz/core/error.hpp"

#include <gtest/gtest.h>

namespace walletfuzz {
namespace {

TEST(error_test, location_formats_only_known_parts) {
  EXPECT_EQ(to_string({"demo.yaml", 12, 5, "load.stages[2].rate"}),
            "demo.yaml:12:5: load.stages[2].rate");
  EXPECT_EQ(to_string({"demo.yaml", 12, 0, ""}), "demo.yaml:12");
  EXPECT_EQ(to_string({"", 0, 0, "--rate"}), "--rate");
  EXPECT_EQ(to_string({}), "");
}

TEST(error_test, input_error_is_one_line_with_hint) {
  InputError e({"a.yaml", 3, 1, "fuzz.seed"}, "must be\nan integer", "write seed: 42");
  EXPECT_STREQ(e.what(), "a.yaml:3:1: fuzz.seed: must be an integer (hint: write seed: 42)");
  EXPECT_EQ(e.message(), "must be\nan integer");
  EXPECT_EQ(e.where().line, 3);
}

}  // namespace
}  // namespace walletfuzz
