// REPORT lines from real logs: text with tabs or spaces, timestamp prefixes and trailers, and
// JSON platform.report events. Malformed REPORT lines are reported with their line number and
// skipped; everything else is kept.
#include "walletfuzz/cost_model/report_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::cost_model {
namespace {

ReportLog sample_log() {
  return parse_report_log(
      read_file(std::string(WALLETFUZZ_SOURCE_DIR) + "/tests/data/cost/report_lines.txt"));
}

TEST(report_log, reads_text_and_json_reports_and_lists_malformed_lines) {
  const ReportLog log = sample_log();
  EXPECT_EQ(log.lines, 11u);
  ASSERT_EQ(log.records.size(), 4u);
  EXPECT_EQ(log.duplicates, 1u);
  ASSERT_EQ(log.malformed.size(), 3u);
  EXPECT_EQ(log.malformed[0].line, 6u);
  EXPECT_NE(log.malformed[0].message.find("Duration"), std::string::npos);
  EXPECT_EQ(log.malformed[1].line, 9u);
  EXPECT_EQ(log.malformed[2].line, 11u);

  const ReportRecord& blog = log.records[0];  // AWS News Blog 2020-12-01
  EXPECT_EQ(blog.line, 2u);
  EXPECT_EQ(blog.request_id, "a24d03b5-429d-4ca3-a490-878a52a0182f");
  EXPECT_DOUBLE_EQ(blog.duration_ms, 27.55);
  EXPECT_EQ(blog.billed_ms, 28.0);
  EXPECT_EQ(blog.memory_mb, 1024.0);
  EXPECT_EQ(blog.max_memory_used_mb, 472.0);
  EXPECT_FALSE(blog.init_ms.has_value());

  const ReportRecord& cold = log.records[1];  // opentelemetry-lambda PR #2011
  EXPECT_EQ(cold.billed_ms, 662.0);
  ASSERT_TRUE(cold.init_ms.has_value());
  EXPECT_DOUBLE_EQ(*cold.init_ms, 265.72);

  EXPECT_EQ(log.records[2].billed_ms, 2.0);  // timestamp prefix and X-Ray trailer
  EXPECT_EQ(log.records[2].memory_mb, 128.0);
  EXPECT_EQ(log.records[3].status, "timeout");  // JSON platform.report
  EXPECT_EQ(log.records[3].billed_ms, 3000.0);
}

TEST(report_log, bills_what_the_platform_billed) {
  const ReportLog log = sample_log();
  const auto catalog = PricingCatalog::builtin();
  FunctionConfig config;
  config.memory_mb = 512;
  config.timeout_s = 3;
  const BillingModel model(catalog, config);
  const ReportBilling billed = bill_report_lines(model, log);
  EXPECT_EQ(billed.usage.invocations, 4u);
  EXPECT_EQ(billed.usage.billed_ms, 28.0 + 662.0 + 2.0 + 3000.0);
  // Memory comes from each line, not from the configuration.
  EXPECT_EQ(billed.usage.mb_ms, 28.0 * 1024 + 662.0 * 512 + 2.0 * 128 + 3000.0 * 512);
  EXPECT_EQ(billed.usage.timeouts, 1u);
  EXPECT_EQ(billed.cold_starts, 1u);
  EXPECT_EQ(billed.billed_mismatches, 0u);
  const double gb_s = billed.usage.mb_ms / 1024.0 / 1000.0;
  EXPECT_NEAR(billed.bill.total_usd, gb_s * 0.0000166667 + 4 * 0.2 / 1e6, 1e-12);
}

TEST(report_log, old_100ms_lines_are_flagged_as_billed_differently) {
  const ReportLog log = parse_report_log(
      "REPORT RequestId: f420d819-d07e-11e8-9ef2-4d8f649fd167 Duration: 158.15 ms Billed Duration: "
      "200 ms "
      "Memory Size: 128 MB Max Memory Used: 38 MB\n");
  ASSERT_EQ(log.records.size(), 1u);
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model(catalog, FunctionConfig{});
  const ReportBilling billed = bill_report_lines(model, log);
  EXPECT_EQ(billed.usage.billed_ms, 200.0);
  EXPECT_EQ(billed.recomputed_billed_ms, 159.0);
  EXPECT_EQ(billed.billed_mismatches, 1u);
}

TEST(report_log, reads_a_cloudwatch_json_export) {
  const ReportLog log = parse_report_log(R"({"events":[
    {"timestamp":1,"message":"START RequestId: r1 Version: $LATEST\n"},
    {"timestamp":2,"message":"REPORT RequestId: r1\tDuration: 10.01 ms\tBilled Duration: 11 ms\tMemory Size: 256 MB\tMax Memory Used: 60 MB\t\n"},
    {"timestamp":3,"message":"REPORT RequestId: r2\tDuration: ms\tBilled Duration: 11 ms\tMemory Size: 256 MB\n"}
  ]})");
  EXPECT_EQ(log.lines, 3u);
  ASSERT_EQ(log.records.size(), 1u);
  EXPECT_EQ(log.records[0].billed_ms, 11.0);
  ASSERT_EQ(log.malformed.size(), 1u);
  EXPECT_EQ(log.malformed[0].line, 3u);
}

TEST(report_log, rejects_absurd_and_incomplete_reports) {
  std::string error;
  EXPECT_FALSE(parse_report_line(
      "REPORT RequestId: x Duration: -1 ms Billed Duration: 1 ms Memory Size: 128 MB", error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(parse_report_line(
      "REPORT RequestId: x Duration: 1e300 ms Billed Duration: 1 ms Memory Size: 128 MB", error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(parse_report_line("REPORT RequestId: x Duration: 1 ms Memory Size: 128 MB", error));
  EXPECT_NE(error.find("Billed Duration"), std::string::npos);
  EXPECT_FALSE(parse_report_line(
      "REPORT RequestId: x Duration: 1 ms Billed Duration: 1 ms Memory Size: 0 MB", error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(parse_report_line("START RequestId: x Version: 1", error));
  EXPECT_TRUE(error.empty());  // not a REPORT line: skipped silently
  const ReportLog empty = parse_report_log("");
  EXPECT_TRUE(empty.records.empty());
  EXPECT_TRUE(empty.malformed.empty());
}

// The reader may be fed a log in pieces of any size (a file in 1 MiB reads): the result must be
// the same as reading it whole, for lines and for a JSON export split mid-token.
TEST(report_log, reads_the_same_whatever_the_chunk_size) {
  const std::string lines =
      read_file(std::string(WALLETFUZZ_SOURCE_DIR) + "/tests/data/cost/report_lines.txt");
  const std::string document = R"({"events":[
    {"timestamp":2,"message":"REPORT RequestId: r1\tDuration: 10.01 ms\tBilled Duration: 11 ms\tMemory Size: 256 MB\t\n"},
    {"timestamp":3,"message":"REPORT RequestId: r2\tDuration: ms\tBilled Duration: 11 ms\tMemory Size: 256 MB\n"}
  ]})";
  for (const std::string* text : {&lines, &document}) {
    const ReportLog whole = parse_report_log(*text);
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{100}}) {
      std::vector<ReportRecord> records;
      ReportLogReader reader([&](const ReportRecord& r) { records.push_back(r); });
      for (std::size_t at = 0; at < text->size(); at += chunk)
        reader.feed(std::string_view(*text).substr(at, chunk));
      const ReportLogCounts& counts = reader.finish();
      EXPECT_EQ(counts.lines, whole.lines) << chunk;
      EXPECT_EQ(counts.record_count, whole.records.size());
      EXPECT_EQ(counts.malformed_count, whole.malformed_count);
      EXPECT_EQ(counts.duplicates, whole.duplicates);
      ASSERT_EQ(records.size(), whole.records.size());
      for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(records[i].request_id, whole.records[i].request_id);
        EXPECT_EQ(records[i].line, whole.records[i].line);
        EXPECT_EQ(records[i].billed_ms, whole.records[i].billed_ms);
      }
    }
  }
}

TEST(report_log, a_log_of_lines_is_not_held_in_memory) {
  ReportLogReader reader([](const ReportRecord&) {});
  const std::string line =
      "REPORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t\n";
  for (int i = 0; i < 1000; ++i) reader.feed(line);
  EXPECT_EQ(reader.document_bytes(), 0u);
  EXPECT_EQ(reader.finish().duplicates, 999u);  // one request id, exported 1000 times
}

TEST(report_log, many_malformed_lines_are_counted_and_the_first_kept) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "REPORT RequestId: x Duration: soon\n";
  const ReportLog log = parse_report_log(text);
  EXPECT_EQ(log.malformed_count, 5000u);
  ASSERT_EQ(log.malformed.size(), kKeptMalformedLines);
  EXPECT_EQ(log.malformed.back().line, kKeptMalformedLines);
  const auto warnings = malformed_line_warnings("big.log", log);
  ASSERT_EQ(warnings.size(), 11u);
  EXPECT_EQ(warnings[0].rfind("big.log:1: skipped: ", 0), 0u) << warnings[0];
  EXPECT_EQ(warnings[10], "big.log: 4990 more malformed REPORT lines skipped (5000 in all)");
  EXPECT_TRUE(malformed_line_warnings("ok.log", parse_report_log("")).empty());
}

TEST(report_log, a_streamed_file_bills_as_the_log_read_whole) {
  const std::filesystem::path file =
      std::string(WALLETFUZZ_SOURCE_DIR) + "/tests/data/cost/report_lines.txt";
  const auto catalog = PricingCatalog::builtin();  // the model refers to it
  const BillingModel model(catalog, FunctionConfig{});
  const BilledReportLog streamed = bill_report_log_file(model, file);
  const ReportBilling whole = bill_report_lines(model, sample_log());
  EXPECT_EQ(streamed.counts.record_count, 4u);
  EXPECT_EQ(streamed.billing.usage.billed_ms, whole.usage.billed_ms);
  EXPECT_EQ(streamed.billing.usage.mb_ms, whole.usage.mb_ms);
  EXPECT_EQ(streamed.billing.cold_starts, whole.cold_starts);
  EXPECT_EQ(streamed.billing.bill.total_usd, whole.bill.total_usd);
  EXPECT_THROW(bill_report_log_file(model, file.parent_path() / "no-such.log"), InputError);
}

TEST(report_line, formats_exactly_as_lambda_writes_it) {
  ReportRecord warm{.request_id = "a24d03b5-429d-4ca3-a490-878a52a0182f",
                    .duration_ms = 27.55,
                    .billed_ms = 28,
                    .memory_mb = 1024,
                    .max_memory_used_mb = 472};
  EXPECT_EQ(format_report_line(warm),
            "REPORT RequestId: a24d03b5-429d-4ca3-a490-878a52a0182f\tDuration: 27.55 ms\t"
            "Billed Duration: 28 ms\tMemory Size: 1024 MB\tMax Memory Used: 472 MB\t");
  ReportRecord crashed = warm;
  crashed.init_ms = 265.72;
  crashed.status = "error";
  crashed.error_type = "Runtime.ExitError";
  EXPECT_TRUE(format_report_line(crashed).ends_with(
      "Max Memory Used: 472 MB\tInit Duration: 265.72 ms\tStatus: error\t"
      "Error Type: Runtime.ExitError\t"));
}

TEST(report_line, billed_duration_rounds_the_printed_sum_with_init_up_to_whole_ms) {
  // AWS's own cold-start example after the 2025-08-01 INIT billing change.
  EXPECT_EQ(report_billed_ms(395.99, 265.72), 662u);
  EXPECT_EQ(report_billed_ms(27.55, std::nullopt), 28u);
  EXPECT_EQ(report_billed_ms(150.0, std::nullopt), 150u);
  EXPECT_EQ(report_billed_ms(0.004, std::nullopt), 1u);  // never 0
  EXPECT_EQ(report_billed_ms(2.004, std::nullopt), 2u);  // printed "2.00 ms"
  EXPECT_EQ(report_billed_ms(2.006, std::nullopt), 3u);  // printed "2.01 ms"
}

TEST(report_line, reads_status_and_error_type_of_failed_invocations) {
  std::string error;
  // As Lambda writes a runtime that died (tabs) and as copied from the console (spaces).
  for (const char* text :
       {"REPORT RequestId: r1\tDuration: 12.00 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t"
        "Max Memory Used: 128 MB\tInit Duration: 0.52 ms\tStatus: error\t"
        "Error Type: Runtime.OutOfMemory\t",
        "REPORT RequestId: r1 Duration: 12.00 ms Billed Duration: 13 ms Memory Size: 128 MB "
        "Max Memory Used: 128 MB Init Duration: 0.52 ms Status: error Error Type: "
        "Runtime.OutOfMemory"}) {
    const auto record = parse_report_line(text, error);
    ASSERT_TRUE(record) << error;
    EXPECT_EQ(record->status, "error");
    EXPECT_EQ(record->error_type, "Runtime.OutOfMemory");
    EXPECT_EQ(record->billed_ms, 13.0);
    EXPECT_DOUBLE_EQ(*record->init_ms, 0.52);
  }
  const auto timeout = parse_report_line(
      "REPORT RequestId: r2\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\t"
      "Memory Size: 128 MB\tMax Memory Used: 90 MB\tStatus: timeout",
      error);
  ASSERT_TRUE(timeout) << error;
  EXPECT_EQ(timeout->status, "timeout");
  EXPECT_TRUE(timeout->error_type.empty());
}

TEST(report_line, every_formatted_line_parses_back_to_itself) {
  const ReportRecord record{.request_id = "bf5f58db-ef7d-4cb2-b3c6-266eba1bbedb",
                            .duration_ms = 395.994,
                            .billed_ms = 662,
                            .memory_mb = 512,
                            .max_memory_used_mb = 301,
                            .init_ms = 265.72,
                            .status = "error",
                            .error_type = "Runtime.ExitError"};
  const std::string once = format_report_line(record);
  std::string error;
  const auto parsed = parse_report_line(once, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(format_report_line(*parsed), once);
  EXPECT_DOUBLE_EQ(parsed->duration_ms, 395.99);  // what the line printed
  EXPECT_EQ(parsed->error_type, "Runtime.ExitError");
}

TEST(report_line, a_status_or_error_type_that_is_not_one_word_is_malformed) {
  // Found by report_line_fuzz: "Error Type:XRAY TraceId:..." read "XRAY TraceId:..." as the
  // error type, which, written back as "Error Type: XRAY TraceId:...", reads as an X-Ray label.
  const std::string head =
      "REPORT RequestId: r1\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t"
      "Max Memory Used: 30 MB\t";
  std::string error;
  for (const std::string tail : {"Status: error\tError Type:XRAY TraceId:Memory 1",
                                 "Status: t0c4e\tDuratREPORT\tError Type: Runtime.ExitError",
                                 "Status: error\tError Type: Runtime.ExitError and more"}) {
    EXPECT_FALSE(parse_report_line(head + tail, error)) << tail;
    EXPECT_NE(error.find("expected one word"), std::string::npos) << error;
  }
  EXPECT_TRUE(parse_report_line(head + "Status: error\tError Type: Runtime.ExitError", error))
      << error;
}

}  // namespace
}  // namespace walletfuzz::cost_model
