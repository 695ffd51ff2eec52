#include "walletfuzz/runtime/report_writer.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::runtime {

ReportLogWriter::ReportLogWriter(const std::filesystem::path& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "a");
  if (file_ == nullptr) {
    throw RuntimeFailure(path.string() + ": cannot open report log: " + std::strerror(errno));
  }
}

ReportLogWriter::~ReportLogWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void ReportLogWriter::append(const cost_model::ReportRecord& record) noexcept {
  try {
    std::string text = cost_model::format_report_line(record) + "\n";
    std::lock_guard lock(mutex_);
    bool ok = std::fwrite(text.data(), 1, text.size(), file_) == text.size();
    ok = std::fflush(file_) == 0 && ok;
    ok ? ++lines_written_ : ++write_errors_;
  } catch (const std::exception&) {
    std::lock_guard lock(mutex_);
    ++write_errors_;
  }
}

std::uint64_t ReportLogWriter::lines_written() const {
  std::lock_guard lock(mutex_);
  return lines_written_;
}

std::uint64_t ReportLogWriter::write_errors() const {
  std::lock_guard lock(mutex_);
  return write_errors_;
}

ReportLogDirectory::ReportLogDirectory(const std::filesystem::path& dir,
                                       const std::vector<std::string>& functions) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw RuntimeFailure(dir.string() + ": cannot create report log directory: " + ec.message());
  for (const auto& name : functions) {
    // Function names are the file names; one that is not a plain name cannot be a log's name.
    if (name.empty() || name.find_first_of("/\\") != std::string::npos || name[0] == '.') {
      throw RuntimeFailure("function '" + name + "' cannot name a report log file");
    }
    writers_.emplace(name, std::make_unique<ReportLogWriter>(dir / (name + ".log")));
  }
}

void ReportLogDirectory::append(const cost_model::ReportRecord& record) noexcept {
  const auto it = writers_.find(record.function);
  if (it == writers_.end()) {
    ++unknown_;
    return;
  }
  it->second->append(record);
}

std::uint64_t ReportLogDirectory::write_errors() const {
  std::uint64_t errors = unknown_;
  for (const auto& [name, writer] : writers_) errors += writer->write_errors();
  return errors;
}

}  // namespace walletfuzz::runtime
