// The fail_on file: the policy it names, and a bad file reported with file:line and the field.
#include "walletfuzz/app/fail_on_config.hpp"

#include <gtest/gtest.h>

#include <string>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::app {
namespace {

std::string problem_text(const std::string& yaml) {
  try {
    parse_fail_on(yaml, "shop.walletfuzz.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(fail_on_config, reads_every_finding_kind) {
  auto policy = parse_fail_on(
      "fail_on: {amplification: 100, leak: true, oom: true, timeout: false}\n", "f.yaml");
  EXPECT_EQ(policy, (fuzzers::FailOnPolicy{
                        .amplification = 100, .leak = true, .oom = true, .timeout = false}));
  EXPECT_TRUE(policy.any());
}

TEST(fail_on_config, absent_kinds_do_not_fail) {
  auto policy = parse_fail_on("fail_on:\n  leak: true\n", "f.yaml");
  EXPECT_FALSE(policy.amplification.has_value());
  EXPECT_TRUE(policy.leak);
  EXPECT_FALSE(policy.oom);
  EXPECT_FALSE(parse_fail_on("fail_on: {}\n", "f.yaml").any());
}

TEST(fail_on_config, bad_value_names_file_line_and_field) {
  EXPECT_EQ(problem_text("fail_on:\n  amplification: lots\n")
                .rfind("shop.walletfuzz.yaml:2:18: fail_on.amplification:", 0),
            0u)
      << problem_text("fail_on:\n  amplification: lots\n");
  EXPECT_NE(problem_text("fail_on: {amplification: 1}\n").find("fail_on.amplification"),
            std::string::npos);
}

TEST(fail_on_config, misspelt_key_suggests_the_right_one) {
  std::string text = problem_text("fail_on:\n  amplificaton: 100\n");
  EXPECT_NE(text.find("shop.walletfuzz.yaml:2:"), std::string::npos) << text;
  EXPECT_NE(text.find("amplification"), std::string::npos) << text;
}

TEST(fail_on_config, file_without_the_section_says_what_to_write) {
  std::string text = problem_text("leak: true\n");
  EXPECT_NE(text.find("shop.walletfuzz.yaml"), std::string::npos) << text;
  EXPECT_NE(text.find("fail_on"), std::string::npos) << text;
}

TEST(fail_on_config, syntax_error_names_the_line) {
  EXPECT_NE(problem_text("fail_on: {leak: true\n").find("shop.walletfuzz.yaml:"),
            std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::app
