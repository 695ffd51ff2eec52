#pragma once
// AWS Lambda REPORT lines: the platform's own record of what it billed for each invocation.
// Reads the text form exported from CloudWatch Logs (tab- or space-separated, with or without a
// timestamp prefix) and the JSON `platform.report` form (LogFormat=JSON, Telemetry API), one
// event per line, or a `{"events":[{"message":...}]}` export. Lines that are not REPORT lines
// (START, END, application logs) are skipped silently; REPORT lines that cannot be read are
// listed with their line number and skipped, and the rest are kept. The same header writes
// the text form (format_report_line), so the local runtime's log and a real CloudWatch export
// are read by one parser and billed by one rounding rule.
//
//   ReportLog log = parse_report_log(walletfuzz::read_file("lambda.log"));
//   for (const auto& bad : log.malformed) std::cerr << "lambda.log:" << bad.line << ": " <<
//   bad.message << '\n'; ReportBilling billed = bill_report_lines(model, log);   //
//   billed.bill.total_usd

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"

namespace walletfuzz::cost_model {

/// One invocation as the platform reported it.
struct ReportRecord {
  std::string request_id;
  double duration_ms = 0;
  double billed_ms = 0;  ///< what the platform billed (includes INIT since 2025-08-01)
  double memory_mb = 0;  ///< configured memory
  std::optional<double> max_memory_used_mb;
  std::optional<double> init_ms;  ///< cold starts only
  std::string status;             ///< "success", "error", "timeout" when reported, else empty
  std::string error_type;         ///< with status "error": "Runtime.ExitError", ...
  std::size_t line = 0;           ///< 1-based line (or event index) in the input
  /// The function invoked. Not part of the line (CloudWatch keeps one log group per function):
  /// the runtime fills it, and a log of one function is named after it.
  std::string function;
};

struct MalformedLine {
  std::size_t line = 0;
  std::string message;
};

struct ReportLog {
  std::vector<ReportRecord> records;
  std::vector<MalformedLine> malformed;
  std::size_t lines = 0;       ///< lines (or events) read
  std::size_t duplicates = 0;  ///< REPORTs of a request id already seen, skipped
};

/// Lambda's billed duration for a REPORT line: ceil(Duration + Init Duration) in whole ms, at
/// least 1 ms (1 ms granularity since 2020-12-01; INIT billed for on-demand functions since
/// 2025-08-01). The sum is taken of the two-decimal values the line prints, so a reader that
/// re-derives the bill from the printed line gets the same number: 395.99 + 265.72 -> 662.
std::uint64_t report_billed_ms(double duration_ms, std::optional<double> init_ms) noexcept;

/// The record as AWS writes it in the text log format: tab-separated fields with a trailing tab,
/// no newline. Durations get two decimals; Billed Duration and the memory fields are printed as
/// whole numbers when they are (always, for lines the runtime writes) and exactly otherwise.
/// Init Duration only on a cold start; `Status` (and `Error Type` with it) only when set:
///
///   REPORT RequestId: 8f5...\tDuration: 12.00 ms\tBilled Duration: 13 ms\t
///   Memory Size: 128 MB\tMax Memory Used: 128 MB\tInit Duration: 0.52 ms\t
///   Status: error\tError Type: Runtime.ExitError\t
///
/// `line` is not printed. Whatever parse_report_line accepts formats to a line that parses back
/// to the same text (the fixed point the report_line_fuzz target checks).
std::string format_report_line(const ReportRecord& record);

/// Parses one text REPORT line ("REPORT RequestId: ... Duration: 27.55 ms ..."). Returns nullopt
/// and sets `error` when the line is a REPORT line that cannot be read, or nullopt with an empty
/// `error` when it is not a REPORT line at all.
std::optional<ReportRecord> parse_report_line(std::string_view line, std::string& error);

/// Parses a whole log. Never throws.
ReportLog parse_report_log(std::string_view text);

/// The bill of the invocations in a REPORT log, from the platform's billed durations and memory.
struct ReportBilling {
  Usage usage;
  Bill bill;
  /// Sum of what the model would bill from Duration (+ Init Duration); differs from
  /// usage.billed_ms for logs from before 1 ms billing or before INIT billing.
  double recomputed_billed_ms = 0;
  std::uint64_t billed_mismatches = 0;  ///< records whose billed duration the model disagrees with
  std::uint64_t cold_starts = 0;
};
ReportBilling bill_report_lines(const BillingModel& model, const ReportLog& log);

}  // namespace walletfuzz::cost_model
