#include "walletfuzz/formats/summary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats_test_util.hpp"

namespace walletfuzz::formats {
namespace {

using ::testing::HasSubstr;
using testing::input_error;

SummaryFile sample() {
  SummaryFile s;
  s.generated_at = "2026-11-28T12:30:00Z";
  s.walletfuzz_version = "0.1.0";
  s.run = {"run-1", "http://127.0.0.1:8080", true, "aws-lambda", "us-east-1", "arm64"};
  s.verdict = {false, 1, 2};
  s.attack_rate_rps = 100;
  s.gates.push_back({"no_new_crashes",
                     "No new crashes",
                     true,
                     false,
                     1.0,
                     0.0,
                     "findings",
                     "1 new crashes since run-0",
                     {"crash-77aa0b1c"}});
  s.gates.push_back(
      {"max_p99_latency", "p99", false, true, std::nullopt, std::nullopt, "ms", "", {}});
  s.findings_total = 4;
  s.findings_by_kind = {{"crash", 1}, {"slow", 3}};
  s.worst_amplification = SummaryWorstAmplification{"timeout-9e01aa02", "import", 65000.5};
  s.top_risks.push_back({"finding:timeout-9e01aa02", "timeout", "import", "timeout-9e01aa02", 20.2,
                         7.272, 174.528, 333.3, true});
  s.history.previous_run = "run-0";
  s.history.new_findings = {{"crash-77aa0b1c", "import:crash:x", "crash", "import"}};
  s.history.more_expensive = {{"finding:sig", "slow-1", "cost_per_million_usd", 7.8, 9.36}};
  s.findings.push_back({"crash-77aa0b1c", "crash", "import", "import:crash:x",
                        "findings/import/crash-77aa0b1c.http", "crashes", true, std::nullopt, 12.5,
                        1.25, "Input validation", "curl ...", "walletfuzz replay ..."});
  s.files = {"report.html", "summary.json"};
  return s;
}

class summary_test : public testing::RunDirTest {};

TEST_F(summary_test, write_then_read_gives_the_same_file) {
  write_summary_file(dir_ / "summary.json", sample());
  EXPECT_EQ(read_summary_file(dir_ / "summary.json"), sample());
}

TEST(summary_format_test, first_run_without_previous_run_or_worst_amplification) {
  SummaryFile s = sample();
  s.history.previous_run.reset();
  s.worst_amplification.reset();
  EXPECT_EQ(parse_summary(summary_to_json(s), "s.json"), s);
}

TEST(summary_format_test, wrong_types_name_the_field) {
  EXPECT_EQ(input_error([] {
              parse_summary(R"({"schema":"walletfuzz.summary/1","verdict":{"passed":"no"}})",
                            "run/summary.json");
            }),
            "run/summary.json: verdict.passed: expected true or false");
  EXPECT_THAT(input_error([] {
                parse_summary(R"({"schema":"walletfuzz.summary/1","top_risks":[
                    {"class":"a","usd_per_day":"1.0"}]})",
                              "s.json");
              }),
              HasSubstr("s.json: top_risks[0].usd_per_day: expected a number"));
}

}  // namespace
}  // namespace walletfuzz::formats
