#pragma once
// AWS Lambda's per-invocation REPORT line: the record of what one invocation was billed for.
// The runtime writes one per invocation; the cost model can read real CloudWatch logs with
// the same parser.
//
//   ReportLine line{.request_id = "bf5f58db-ef7d-4cb2-b3c6-266eba1bbedb", .duration_ms = 395.99,
//                   .billed_duration_ms = 662, .memory_size_mb = 512,
//                   .max_memory_used_mb = 301, .init_duration_ms = 265.72};
//   format_report_line(line);
//   // "REPORT RequestId: bf5f58db-…\tDuration: 395.99 ms\tBilled Duration: 662 ms\t"
//   // "Memory Size: 512 MB\tMax Memory Used: 301 MB\tInit Duration: 265.72 ms\t"
//   auto parsed = parse_report_line(text);   // parsed.line, or parsed.error ("…: missing
//   Duration")
//
// Billing rule (AWS, since 2020-12-01 1 ms granularity; since 2025-08-01 INIT is billed for
// on-demand functions): billed = ceil(Duration + Init Duration), at least 1 ms.

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace walletfuzz {

/// The fields of one REPORT line.
struct ReportLine {
  std::string request_id;
  double duration_ms = 0;                  ///< handler time (the timeout, when it timed out)
  std::uint64_t billed_duration_ms = 0;    ///< what is charged, in whole ms
  unsigned memory_size_mb = 0;             ///< configured memory
  unsigned max_memory_used_mb = 0;         ///< peak memory of the invocation
  std::optional<double> init_duration_ms;  ///< present only on a cold start
  friend bool operator==(const ReportLine&, const ReportLine&) = default;
};

/// ceil(duration + init), at least 1 ms: Lambda's billed duration.
std::uint64_t billed_duration_ms(double duration_ms, std::optional<double> init_duration_ms);

/// The line in AWS's text format, tab-separated with a trailing tab, no newline. Durations
/// are printed with two decimals, as Lambda does, and in full however large they are.
std::string format_report_line(const ReportLine& line);

/// Result of parsing: a line, or a one-line reason naming the field at fault.
struct ReportLineParse {
  std::optional<ReportLine> line;
  std::string error;
};

/// Parses one REPORT line as Lambda writes it: "REPORT RequestId: <id>" then "Label: value unit"
/// fields with AWS's exact labels, ": " and one space before the unit. Fields are separated by
/// any run of tabs and spaces (Lambda writes a tab; copied lines have one or two spaces), with
/// or without the trailing tab or newline, with or without Init Duration. Numbers are plain
/// decimals ("395.99", "662"; no sign or exponent), durations at most a day and memory at most
/// 1 TiB, so an accepted line's formatted text parses and formats back to itself. A known field
/// given twice is an error; unknown fields ("Restore Duration: 5.00 ms", "Status: timeout") are
/// skipped; an X-Ray trailer ends the line. Never throws.
ReportLineParse parse_report_line(std::string_view text) noexcept;

/// An append-only REPORT log file, safe to share between threads. Each line is flushed as it
/// is written, so a crash of the process loses no line already reported.
class ReportLog {
 public:
  /// Opens (creating or appending to) `path`. Throws RuntimeFailure naming the file.
  explicit ReportLog(const std::filesystem::path& path);
  ~ReportLog();
  ReportLog(const ReportLog&) = delete;
  ReportLog& operator=(const ReportLog&) = delete;

  /// Appends the formatted line and a newline, then flushes. I/O errors are counted, not
  /// thrown, since they must not fail the invocation they describe.
  void append(const ReportLine& line) noexcept;
  std::uint64_t lines_written() const;
  std::uint64_t write_errors() const;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  mutable std::mutex mutex_;
  std::FILE* file_ = nullptr;
  std::uint64_t lines_written_ = 0;
  std::uint64_t write_errors_ = 0;
};

}  // namespace walletfuzz
