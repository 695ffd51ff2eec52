#include "walletfuzz/sample_app/report_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

TEST(ReportLine, reads_double_spaces_status_and_error_fields_of_real_lines) {
  // AWS News Blog 2020-12-01: two spaces before some labels.
  auto blog = parse_report_line(
      "REPORT RequestId: a24d03b5-429d-4ca3-a490-878a52a0182f Duration: 27.55 ms  Billed "
      "Duration: 28 ms Memory Size: 1024 MB  Max Memory Used: 472 MB");
  ASSERT_TRUE(blog.line) << blog.error;
  EXPECT_EQ(blog.line->memory_size_mb, 1024u);
  EXPECT_EQ(blog.line->max_memory_used_mb, 472u);
  // Unknown fields, with and without units, several words long, are skipped.
  auto timeout = parse_report_line(
      "REPORT RequestId: r\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB"
      "\tMax Memory Used: 90 MB\tStatus: error Error Type: Runtime.ExitError\t"
      "Billed Restore Duration: 12 ms\r\n");
  ASSERT_TRUE(timeout.line) << timeout.error;
  EXPECT_EQ(timeout.line->billed_duration_ms, 3000u);
  auto unknown_first = parse_report_line(
      "REPORT RequestId: r Restore Duration: 5.00 ms Duration: 1.00 ms Billed Duration: 1 ms "
      "Memory Size: 128 MB Max Memory Used: 30 MB");
  ASSERT_TRUE(unknown_first.line) << unknown_first.error;
  EXPECT_DOUBLE_EQ(unknown_first.line->duration_ms, 1.0);
}

// Found by report_line_fuzz (seed 1): "Duration: 2E72 ms" was accepted, and the formatter cut the
// 73-digit number to 63 characters, so format -> parse -> format changed the line (a silent wrong
// bill). Numbers must be plain decimals within a day, and the formatter must never truncate.
TEST(ReportLine, rejects_numbers_lambda_never_writes) {
  auto with_duration = [](std::string duration) {
    return parse_report_line("REPORT RequestId: r\tDuration: " + duration +
                             " ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t"
                             "Max Memory Used: 1 MB\t");
  };
  EXPECT_EQ(with_duration("2E72").error, "REPORT line: Duration: expected N.NN ms, got '2E72 ms'");
  for (const std::string& bad :
       std::vector<std::string>{"1e3", "+1.00", "-0.00", "inf", "nan", "0x1p3", ".5", "1.", "1..2",
                                "1,5", std::string(70, '9'), "86400000.01"}) {
    auto parsed = with_duration(bad);
    EXPECT_FALSE(parsed.line) << bad;
    EXPECT_TRUE(parsed.error.starts_with("REPORT line: Duration: ")) << bad << ": " << parsed.error;
  }
  auto one_day = with_duration("86400000.00");
  ASSERT_TRUE(one_day.line) << one_day.error;
  EXPECT_EQ(format_report_line(*one_day.line).find("Duration: 86400000.00 ms"),
            std::string("REPORT RequestId: r\t").size());
  EXPECT_TRUE(with_duration("100").line);  // whole milliseconds are still milliseconds

  EXPECT_FALSE(parse_report_line("REPORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: "
                                 "99999999999999999999 ms\tMemory Size: 128 MB\t"
                                 "Max Memory Used: 1 MB")
                   .line);
  EXPECT_EQ(parse_report_line("REPORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
                              "Memory Size: 1048577 MB\tMax Memory Used: 1 MB")
                .error,
            "REPORT line: Memory Size: expected MB, got '1048577 MB'");
}

TEST(ReportLine, formats_large_durations_in_full) {
  ReportLine line{.request_id = "r", .duration_ms = 1e70};
  std::string text = format_report_line(line);
  // 71 integer digits and two decimals: the old 64-byte buffer printed only 63 characters.
  std::size_t start = text.find("Duration: ") + 10;
  EXPECT_EQ(text.find(" ms", start) - start, 71u + 3u);
}

TEST(ReportLine, rejects_shapes_lambda_never_writes) {
  const std::string rest =
      "Duration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB";
  EXPECT_TRUE(parse_report_line("REPORT RequestId: r\t" + rest).line);
  EXPECT_EQ(parse_report_line("REPORTRequestId: r\t" + rest).error, "not a REPORT line");
  EXPECT_EQ(parse_report_line("REPORT RequestId:r\t" + rest).error,
            "REPORT line: missing RequestId");
  // The fuzzer's first find: a field that is no "Label: value unit" is an error, not skipped.
  EXPECT_EQ(parse_report_line("REPORT RequestId: 1bbedb 395.99 ms Billesed: 301 MB  " + rest).error,
            "REPORT line: expected 'Field: value unit' at '395.99 ms Billesed: 301 '");
  EXPECT_FALSE(parse_report_line("REPORT RequestId: r\tDuration:1.00 ms\tBilled Duration: 1 ms"
                                 "\tMemory Size: 128 MB\tMax Memory Used: 1 MB")
                   .line);
  EXPECT_FALSE(parse_report_line("REPORT RequestId: r\tDuration: 1.00  ms\tBilled Duration: 1 "
                                 "ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB")
                   .line);
  EXPECT_FALSE(parse_report_line("REPORT RequestId: r\t" + rest + "ms").line);
  EXPECT_EQ(parse_report_line("REPORT RequestId: r\t" + rest + "\tDuration: 2.00 ms").error,
            "REPORT line: Duration appears twice");
  // A second line in the same text is not merged into the first; an X-Ray trailer may follow.
  EXPECT_EQ(parse_report_line("REPORT RequestId: r\t" + rest + "\nInit Duration: 5.00 ms").error,
            "REPORT line: unexpected text after the end of the line");
  EXPECT_TRUE(parse_report_line("REPORT RequestId: r\t" + rest + "\nXRAY TraceId: 1").line);
  // Control bytes in the request id or a field are errors, shown as '?' in the message.
  using std::string_literals::operator""s;
  EXPECT_EQ(parse_report_line("REPORT RequestId: r\0x\t"s + rest).error,
            "REPORT line: expected 'Field: value unit' at '?x Duration: 1.00 ms Bil'");
}

TEST(ReportLine, every_accepted_line_formats_back_to_itself) {
  // The fuzz target's property over the input classes above: accepted oddities normalise once.
  for (const std::string& text : std::vector<std::string>{
           "REPORT RequestId: r Duration: 1.005 ms Billed Duration: 002 ms Memory Size: 0128 MB "
           "Max Memory Used: 1 MB Init Duration: 0.004 ms",
           "  REPORT\t RequestId: r\t\tDuration: 86399999.999 ms \tBilled Duration: 86400000 ms "
           "Memory Size: 1048576 MB Max Memory Used: 1048576 MB Status: timeout\n\n",
           "REPORT RequestId: ~!@#:$% Duration: 0 ms Billed Duration: 0 ms Memory Size: 0 MB Max "
           "Memory Used: 0 MB XRAY TraceId: x"}) {
    auto parsed = parse_report_line(text);
    ASSERT_TRUE(parsed.line) << text << ": " << parsed.error;
    std::string once = format_report_line(*parsed.line);
    auto again = parse_report_line(once);
    ASSERT_TRUE(again.line) << once << ": " << again.error;
    EXPECT_EQ(format_report_line(*again.line), once);
  }
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
