#pragma once
// Where the local runtime's REPORT lines go: an append-only file (`serve --report-log FILE`),
// one line per invocation in AWS's text format. The line itself is cost_model's
// (format_report_line), so the cost model reads the runtime's log with the parser it uses for
// real CloudWatch exports, and both bill with the same rounding (report_billed_ms).
//
//   walletfuzz::runtime::ReportLogWriter log("report.log");
//   walletfuzz::runtime::HttpServer server(registry, fd, {}, {},
//                                          [&](const auto& record) { log.append(record); });

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "walletfuzz/cost_model/report_log.hpp"

namespace walletfuzz::runtime {

/// Receives one REPORT record per invocation, from any thread.
using ReportSink = std::function<void(const cost_model::ReportRecord&)>;

/// An append-only REPORT log file, safe to share between threads. Each line is flushed as it is
/// written, so a crash of the process loses no line already reported.
class ReportLogWriter {
 public:
  /// Opens (creating or appending to) `path`. Throws RuntimeFailure naming the file.
  explicit ReportLogWriter(const std::filesystem::path& path);
  ~ReportLogWriter();
  ReportLogWriter(const ReportLogWriter&) = delete;
  ReportLogWriter& operator=(const ReportLogWriter&) = delete;

  /// Appends the formatted line and a newline, then flushes. I/O errors are counted, not
  /// thrown, since they must not fail the invocation they describe.
  void append(const cost_model::ReportRecord& record) noexcept;
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

/// One REPORT log per function, `<dir>/<function>.log`, as CloudWatch keeps one log group per
/// function: the cost stage bills each function's own lines against its own estimate.
///
///   ReportLogDirectory logs("run/lambda-report", {"signup", "get-order"});
///   HttpServer server(registry, fd, {}, {}, [&](const auto& record) { logs.append(record); });
class ReportLogDirectory {
 public:
  /// Creates `dir` and opens (appending) one file per function. Throws RuntimeFailure naming
  /// the directory or file that cannot be created.
  ReportLogDirectory(const std::filesystem::path& dir, const std::vector<std::string>& functions);
  /// Appends to the log of `record.function`; a record of no listed function is counted as a
  /// write error (the runtime reports only functions it was given).
  void append(const cost_model::ReportRecord& record) noexcept;
  std::uint64_t write_errors() const;

 private:
  std::map<std::string, std::unique_ptr<ReportLogWriter>, std::less<>> writers_;
  std::atomic<std::uint64_t> unknown_ = 0;
};

}  // namespace walletfuzz::runtime
