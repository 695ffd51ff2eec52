#include "walletfuzz/formats/findings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats_test_util.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::formats {
namespace {

using ::testing::HasSubstr;
using testing::input_error;

FindingsFile sample() {
  FindingsFile file;
  file.generated_at = "2026-11-28T12:00:00Z";
  file.findings.push_back({.id = "slow-3f2a9c1d",
                           .handler = "search-products",
                           .kind = "slow",
                           .file = "findings/search-products/slow-3f2a9c1d.http",
                           .signature = "search-products:slow:cpu",
                           .summary = "19973x slower than its baseline \"quoted\"",
                           .median_ns = 912345678,
                           .baseline_median_ns = 45678,
                           .work_units = 123456,
                           .peak_memory_bytes = 1048576,
                           .amplification = 19973.25,
                           .request_bytes = 46'000,
                           .baseline_request_bytes = 170,
                           .size_aware_amplification = 73.8,
                           .first_seen = "2026-11-27T01:00:00Z",
                           .reproducible = true,
                           .flaky = false});
  file.findings.push_back(
      {.id = "leak-00aa11bb",
       .handler = "get-config",
       .kind = "leak",
       .file = "findings/get-config/leak-00aa11bb.http",
       .signature = "get-config:leak:secret:aws-access-key-id",
       .median_ns = 2000,
       .baseline_median_ns = 1000,
       .amplification = 2.0,
       .leak = LeakRecord{"secret", "aws-access-key-id", "high", "0123456789abcdef"},
       .first_seen = "2026-11-28T12:00:00Z",
       .reproducible = false,
       .flaky = true});
  return file;
}

class findings_test : public testing::RunDirTest {};

TEST_F(findings_test, write_then_read_gives_the_same_file) {
  write_findings_file(dir_ / "findings.json", sample());
  EXPECT_EQ(read_findings_file(dir_ / "findings.json"), sample());
}

TEST_F(findings_test, a_file_without_size_aware_figures_reads_as_raw_only) {
  auto file = parse_findings(
      R"({"schema": "walletfuzz.findings/1", "findings": [{"id": "slow-1", "handler": "h",
          "kind": "slow", "amplification": 12, "cost": {"median_ns": 5}}]})",
      "old.json");
  ASSERT_EQ(file.findings.size(), 1u);
  EXPECT_EQ(file.findings[0].amplification, 12);
  EXPECT_FALSE(file.findings[0].size_aware_amplification.has_value());
  EXPECT_EQ(file.findings[0].request_bytes, 0u);
}

TEST_F(findings_test, writing_replaces_the_file_whole) {
  write_file_atomically(dir_ / "findings.json", std::string(100000, 'x'));
  write_findings_file(dir_ / "findings.json", sample());
  EXPECT_EQ(read_findings_file(dir_ / "findings.json"), sample());
}

TEST(findings_format_test, numbers_are_plain_json_numbers) {
  const std::string text = findings_to_json(sample());
  EXPECT_THAT(text, HasSubstr(R"("schema":"walletfuzz.findings/1")"));
  EXPECT_THAT(text, HasSubstr(R"("median_ns":912345678,)"));
  EXPECT_THAT(text, HasSubstr(R"("amplification":19973.25,)"));
}

TEST(findings_format_test, a_newer_minor_with_unknown_fields_is_read) {
  const FindingsFile file = parse_findings(
      R"({"schema":"walletfuzz.findings/1.4","future":{"x":1},"findings":[
          {"id":"crash-1","handler":"h","kind":"crash","new_field":[1,2]}]})",
      "f.json");
  ASSERT_EQ(file.findings.size(), 1u);
  EXPECT_EQ(file.findings[0].signature, "crash-1");  // defaults to the id
}

TEST(findings_format_test, wrong_types_and_missing_ids_name_the_field) {
  EXPECT_EQ(input_error([] {
              parse_findings(R"({"schema":"walletfuzz.findings/1","findings":[
                  {"id":"a","handler":"h","kind":"slow"},
                  {"id":"b","handler":"h","kind":"slow","cost":{"median_ns":"12"}}]})",
                             "run/findings.json");
            }),
            "run/findings.json: findings[1].cost.median_ns: expected a whole number that is not "
            "negative");
  EXPECT_EQ(input_error([] {
              parse_findings(
                  R"({"schema":"walletfuzz.findings/1","findings":[{"handler":"h","kind":"x"}]})",
                  "f.json");
            }),
            "f.json: findings[0].id: missing (expected a string)");
  EXPECT_THAT(input_error([] {
                parse_findings(R"({"schema":"walletfuzz.findings/1","findings":[
                    {"id":"a","handler":"h","kind":"slow","reproducible":"yes"}]})",
                               "f.json");
              }),
              HasSubstr("f.json: findings[0].reproducible: expected true or false"));
  EXPECT_THAT(input_error([] {
                parse_findings(R"({"schema":"walletfuzz.findings/1","findings":{}})", "f.json");
              }),
              HasSubstr("f.json: findings: expected an array"));
  EXPECT_THAT(
      input_error([] { parse_findings(R"({"schema":"walletfuzz.findings/1"})", "f.json"); }),
      HasSubstr("f.json: findings: missing"));
}

}  // namespace
}  // namespace walletfuzz::formats
