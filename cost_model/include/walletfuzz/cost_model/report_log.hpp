#pragma once
// AWS Lambda REPORT lines: the platform's own record of what it billed for each invocation.
// Reads the text form exported from CloudWatch Logs (tab- or space-separated, with or without a
// timestamp prefix) and the JSON `platform.report` form (LogFormat=JSON, Telemetry API), one
// event per line, or a `{"events":[{"message":...}]}` export. Lines that are not REPORT lines
// (START, END, application logs) are skipped silently; REPORT lines that cannot be read are
// listed with their line number and skipped, and the rest are kept.
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
  std::size_t line = 0;           ///< 1-based line (or event index) in the input
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
