#pragma once
// AWS Lambda REPORT lines: the platform's own record of what it billed for each invocation.
// Reads the text form exported from CloudWatch Logs (tab- or space-separated, with or without a
// timestamp prefix) and the JSON `platform.report` form (LogFormat=JSON, Telemetry API), one
// event per line, or a `{"events":[{"message":...}]}` export. Lines that are not REPORT lines
// (START, END, application logs) are skipped silently; REPORT lines that cannot be read are
// counted (the first ones kept with their line number) and skipped, and the rest are kept. The
// same header writes the text form (format_report_line), so the local runtime's log and a real
// CloudWatch export are read by one parser and billed by one rounding rule.
//
// A log is streamed: ReportLogReader takes it in chunks and hands each record to a sink, so a
// bill of a log of any size needs memory for its totals only (plus 8 bytes per distinct request
// id, to skip invocations exported twice):
//
//   const BilledReportLog billed = bill_report_log_file(model, "lambda.log");
//   for (const auto& w : malformed_line_warnings("lambda.log", billed.counts))
//     std::cerr << w << '\n';
//   billed.billing.bill.total_usd;
//
// parse_report_log keeps every record in memory, for small logs and tests.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
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

/// Malformed lines kept with their message, of a log with any number of them.
inline constexpr std::size_t kKeptMalformedLines = 100;

/// What reading a log found besides the records themselves.
struct ReportLogCounts {
  std::size_t lines = 0;                 ///< lines (or events) read
  std::size_t record_count = 0;          ///< REPORT records passed on (duplicates not included)
  std::size_t duplicates = 0;            ///< REPORTs of a request id already seen, skipped
  std::size_t malformed_count = 0;       ///< REPORT lines that could not be read, skipped
  std::vector<MalformedLine> malformed;  ///< the first kKeptMalformedLines of them
};

/// A whole log in memory (parse_report_log).
struct ReportLog : ReportLogCounts {
  std::vector<ReportRecord> records;
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

/// Reads a REPORT log in chunks of any size, handing each record (de-duplicated by request id)
/// to `sink` as soon as its line is complete. Line by line (text or JSON lines) it keeps only the
/// current line; a JSON document export (`[...]`, or `{"events":[...]}` over several lines) is a
/// document, not lines, and is held until finish(). Never throws.
class ReportLogReader {
 public:
  using Sink = std::function<void(const ReportRecord&)>;
  explicit ReportLogReader(Sink sink);
  ~ReportLogReader();
  ReportLogReader(const ReportLogReader&) = delete;
  ReportLogReader& operator=(const ReportLogReader&) = delete;

  void feed(std::string_view bytes);
  /// Reads what is left (a last line without a newline, a JSON document); call once.
  const ReportLogCounts& finish();
  /// Bytes of a JSON document export held so far (0 for a log of lines).
  std::size_t document_bytes() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Streams `file` through a ReportLogReader. Throws InputError naming the file when it cannot be
/// read, or when it is a JSON document export larger than `max_document_bytes`.
ReportLogCounts read_report_log(const std::filesystem::path& file,
                                const ReportLogReader::Sink& sink,
                                std::size_t max_document_bytes = std::size_t{1} << 30);

/// Parses a whole log held in memory, keeping every record. Never throws.
ReportLog parse_report_log(std::string_view text);

/// The bill of the invocations in a REPORT log, from the platform's billed durations and memory.
struct ReportBilling {
  Usage usage;
  Bill bill;  ///< set by bill_report_lines / bill_report_log_file, not by add
  /// Sum of what the model would bill from Duration (+ Init Duration); differs from
  /// usage.billed_ms for logs from before 1 ms billing or before INIT billing.
  double recomputed_billed_ms = 0;
  std::uint64_t billed_mismatches = 0;  ///< records whose billed duration the model disagrees with
  std::uint64_t cold_starts = 0;
  /// The largest "Max Memory Used" of the records that report it (for right-sizing).
  std::optional<double> peak_memory_used_mb;

  /// Adds one invocation: the one rule both bill_report_lines and streaming use.
  void add(const BillingModel& model, const ReportRecord& record);
};
ReportBilling bill_report_lines(const BillingModel& model, const ReportLog& log);

/// A REPORT log file read and billed record by record (see ReportLogReader).
struct BilledReportLog {
  ReportLogCounts counts;
  ReportBilling billing;
};
BilledReportLog bill_report_log_file(const BillingModel& model, const std::filesystem::path& file);

/// What to tell a user about a log's malformed lines: the first `shown` as
/// "FILE:LINE: skipped: MESSAGE", then one line saying how many more were skipped, so a log of
/// 500,000 bad lines is a dozen lines on stderr, not 500,000.
std::vector<std::string> malformed_line_warnings(const std::string& file,
                                                 const ReportLogCounts& counts,
                                                 std::size_t shown = 10);

}  // namespace walletfuzz::cost_model
