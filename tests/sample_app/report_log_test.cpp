#include "walletfuzz/sample_app/report_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {

TEST(ReportLine, formats_exactly_as_lambda_writes_it) {
  ReportLine warm{.request_id = "a24d03b5-429d-4ca3-a490-878a52a0182f",
                  .duration_ms = 27.55,
                  .billed_duration_ms = 28,
                  .memory_size_mb = 1024,
                  .max_memory_used_mb = 472};
  EXPECT_EQ(format_report_line(warm),
            "REPORT RequestId: a24d03b5-429d-4ca3-a490-878a52a0182f\tDuration: 27.55 ms\t"
            "Billed Duration: 28 ms\tMemory Size: 1024 MB\tMax Memory Used: 472 MB\t");
  ReportLine cold = warm;
  cold.init_duration_ms = 265.72;
  EXPECT_TRUE(
      format_report_line(cold).ends_with("Max Memory Used: 472 MB\tInit Duration: 265.72 ms\t"));
}

TEST(ReportLine, billed_duration_rounds_the_sum_with_init_up_to_whole_ms) {
  // AWS's own cold-start example after the 2025-08-01 INIT billing change.
  EXPECT_EQ(billed_duration_ms(395.99, 265.72), 662u);
  EXPECT_EQ(billed_duration_ms(27.55, std::nullopt), 28u);
  EXPECT_EQ(billed_duration_ms(150.0, std::nullopt), 150u);
  EXPECT_EQ(billed_duration_ms(0.004, std::nullopt), 1u);  // never 0
  // Rounded from the printed two-decimal value, so the line re-derives its own bill.
  EXPECT_EQ(billed_duration_ms(2.004, std::nullopt), 2u);  // printed "2.00 ms"
  EXPECT_EQ(billed_duration_ms(2.006, std::nullopt), 3u);  // printed "2.01 ms"
}

TEST(ReportLine, parses_real_lines_from_every_era) {
  auto tabbed = parse_report_line(
      "REPORT RequestId: faff6a71-7ea0-11e8-ac94-1710ce2fc493\tDuration: 1.79 ms\t"
      "Billed Duration: 100 ms \tMemory Size: 128 MB\tMax Memory Used: 46 MB\t\n");
  ASSERT_TRUE(tabbed.line) << tabbed.error;
  EXPECT_EQ(tabbed.line->request_id, "faff6a71-7ea0-11e8-ac94-1710ce2fc493");
  EXPECT_DOUBLE_EQ(tabbed.line->duration_ms, 1.79);
  EXPECT_EQ(tabbed.line->billed_duration_ms, 100u);
  EXPECT_EQ(tabbed.line->memory_size_mb, 128u);
  EXPECT_EQ(tabbed.line->max_memory_used_mb, 46u);
  EXPECT_FALSE(tabbed.line->init_duration_ms);

  auto spaced = parse_report_line(
      "REPORT RequestId: bf5f58db-ef7d-4cb2-b3c6-266eba1bbedb Duration: 395.99 ms Billed "
      "Duration: 662 ms Memory Size: 512 MB Max Memory Used: 301 MB Init Duration: 265.72 ms");
  ASSERT_TRUE(spaced.line) << spaced.error;
  EXPECT_DOUBLE_EQ(*spaced.line->init_duration_ms, 265.72);
  EXPECT_EQ(spaced.line->billed_duration_ms, 662u);

  auto xray = parse_report_line(
      "REPORT RequestId: 1\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t"
      "Max Memory Used: 30 MB\tRestore Duration: 5.00 ms\t\nXRAY TraceId: 1-5e-a SegmentId: b "
      "Sampled: true");
  ASSERT_TRUE(xray.line) << xray.error;
  EXPECT_EQ(xray.line->max_memory_used_mb, 30u);
}

TEST(ReportLine, formatted_lines_parse_back_to_the_same_values) {
  ReportLine line{.request_id = "0e2c0c4e-3f1a-4b57-9d3e-5f8f3c8c2a11",
                  .duration_ms = 3000.0,
                  .billed_duration_ms = 3013,
                  .memory_size_mb = 256,
                  .max_memory_used_mb = 256,
                  .init_duration_ms = 12.5};
  auto parsed = parse_report_line(format_report_line(line));
  ASSERT_TRUE(parsed.line) << parsed.error;
  EXPECT_EQ(*parsed.line, line);
}

TEST(ReportLine, names_the_field_that_is_wrong) {
  EXPECT_EQ(parse_report_line("START RequestId: x").error, "not a REPORT line");
  EXPECT_EQ(parse_report_line("REPORT RequestId: x\tDuration: 1.00 ms").error,
            "REPORT line: missing Billed Duration");
  auto bad_unit = parse_report_line(
      "REPORT RequestId: x\tDuration: 1.00 s\tBilled Duration: 1 ms\tMemory Size: 1 MB\t"
      "Max Memory Used: 1 MB");
  EXPECT_EQ(bad_unit.error, "REPORT line: Duration: expected N.NN ms, got '1.00 s'");
  EXPECT_FALSE(parse_report_line("REPORT RequestId: x\tDuration: -1.00 ms").line);
  EXPECT_FALSE(parse_report_line("").line);
}

TEST(ReportLog, appends_one_flushed_line_per_report_and_reports_unopenable_files) {
  auto path = std::filesystem::temp_directory_path() /
              ("walletfuzz-report-log-test-" + std::to_string(getpid()) + ".log");
  std::filesystem::remove(path);
  {
    ReportLog log(path);
    log.append({.request_id = "r1",
                .duration_ms = 1,
                .billed_duration_ms = 1,
                .memory_size_mb = 128,
                .max_memory_used_mb = 1});
    // Flushed per line: readable before the log is closed.
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    EXPECT_TRUE(parse_report_line(text).line);
    EXPECT_EQ(log.lines_written(), 1u);
  }
  { ReportLog again(path); }  // appends, never truncates
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 1);
  std::filesystem::remove(path);
  EXPECT_THROW(ReportLog("/nonexistent-dir/report.log"), RuntimeFailure);
}

}  // namespace
}  // namespace walletfuzz
