#include "walletfuzz/sample_app/report_log.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {

std::string two_decimals(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// A cursor over the line: fields are "Label: value unit" separated by tabs or spaces.
class FieldReader {
 public:
  explicit FieldReader(std::string_view text) : text_(text) {}

  void skip_spaces() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }
  bool at_end() {
    skip_spaces();
    return pos_ >= text_.size();
  }
  bool consume(std::string_view literal) {
    if (text_.substr(pos_).starts_with(literal)) {
      pos_ += literal.size();
      return true;
    }
    return false;
  }
  std::string_view token() {
    skip_spaces();
    std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // A label runs up to its colon and may contain single spaces ("Max Memory Used").
  std::string_view label() {
    skip_spaces();
    std::size_t colon = text_.find(':', pos_);
    std::size_t tab = text_.find('\t', pos_);
    if (colon == std::string_view::npos || (tab != std::string_view::npos && tab < colon)) {
      return {};
    }
    std::string_view found = text_.substr(pos_, colon - pos_);
    pos_ = colon + 1;
    return found;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool to_double(std::string_view text, double& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 0 &&
         std::isfinite(value);
}

template <typename Unsigned>
bool to_unsigned(std::string_view text, Unsigned& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

ReportLineParse failure(std::string message) {
  return {std::nullopt, std::move(message)};
}

}  // namespace

std::uint64_t billed_duration_ms(double duration_ms, std::optional<double> init_duration_ms) {
  double total = duration_ms + init_duration_ms.value_or(0.0);
  // Round the printed (two-decimal) values' sum up, so a reader re-deriving the bill from the
  // line gets the same number: 395.99 + 265.72 = 661.71 -> 662.
  double cents = std::round(total * 100.0);
  auto billed = static_cast<std::uint64_t>(std::ceil(cents / 100.0));
  return billed == 0 ? 1 : billed;
}

std::string format_report_line(const ReportLine& line) {
  std::string text = "REPORT RequestId: " + line.request_id +
                     "\tDuration: " + two_decimals(line.duration_ms) +
                     " ms\tBilled Duration: " + std::to_string(line.billed_duration_ms) +
                     " ms\tMemory Size: " + std::to_string(line.memory_size_mb) +
                     " MB\tMax Memory Used: " + std::to_string(line.max_memory_used_mb) + " MB\t";
  if (line.init_duration_ms) {
    text += "Init Duration: " + two_decimals(*line.init_duration_ms) + " ms\t";
  }
  return text;
}

ReportLineParse parse_report_line(std::string_view text) noexcept {
  try {
    FieldReader reader(text);
    reader.skip_spaces();
    if (!reader.consume("REPORT")) return failure("not a REPORT line");
    if (reader.label() != "RequestId") return failure("REPORT line: missing RequestId");
    ReportLine line;
    line.request_id = std::string(reader.token());
    if (line.request_id.empty()) return failure("REPORT line: empty RequestId");
    bool has_duration = false, has_billed = false, has_memory = false, has_used = false;
    while (!reader.at_end()) {
      std::string_view label = reader.label();
      if (label.empty()) return failure("REPORT line: expected 'Field: value unit'");
      if (label.starts_with("XRAY")) break;  // the X-Ray trailer has its own shape
      std::string_view value = reader.token();
      std::string_view unit = reader.token();
      std::string field(label);
      auto bad = [&](std::string_view why) {
        return failure("REPORT line: " + field + ": " + std::string(why) + " '" +
                       std::string(value) + " " + std::string(unit) + "'");
      };
      if (label == "Duration") {
        if (unit != "ms" || !to_double(value, line.duration_ms))
          return bad("expected N.NN ms, got");
        has_duration = true;
      } else if (label == "Billed Duration") {
        if (unit != "ms" || !to_unsigned(value, line.billed_duration_ms)) {
          return bad("expected whole ms, got");
        }
        has_billed = true;
      } else if (label == "Memory Size") {
        if (unit != "MB" || !to_unsigned(value, line.memory_size_mb))
          return bad("expected MB, got");
        has_memory = true;
      } else if (label == "Max Memory Used") {
        if (unit != "MB" || !to_unsigned(value, line.max_memory_used_mb)) {
          return bad("expected MB, got");
        }
        has_used = true;
      } else if (label == "Init Duration") {
        double init = 0;
        if (unit != "ms" || !to_double(value, init)) return bad("expected N.NN ms, got");
        line.init_duration_ms = init;
      }
      // Other fields (Restore Duration, Billed Restore Duration, ...) are not ours to price.
    }
    if (!has_duration) return failure("REPORT line: missing Duration");
    if (!has_billed) return failure("REPORT line: missing Billed Duration");
    if (!has_memory) return failure("REPORT line: missing Memory Size");
    if (!has_used) return failure("REPORT line: missing Max Memory Used");
    return {std::move(line), {}};
  } catch (const std::exception& error) {  // only bad_alloc can get here
    return failure(std::string("REPORT line: ") + error.what());
  }
}

ReportLog::ReportLog(const std::filesystem::path& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "a");
  if (file_ == nullptr) {
    throw RuntimeFailure(path.string() + ": cannot open report log: " + std::strerror(errno));
  }
}

ReportLog::~ReportLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void ReportLog::append(const ReportLine& line) noexcept {
  try {
    std::string text = format_report_line(line) + "\n";
    std::lock_guard lock(mutex_);
    bool ok = std::fwrite(text.data(), 1, text.size(), file_) == text.size();
    ok = std::fflush(file_) == 0 && ok;
    ok ? ++lines_written_ : ++write_errors_;
  } catch (const std::exception&) {
    std::lock_guard lock(mutex_);
    ++write_errors_;
  }
}

std::uint64_t ReportLog::lines_written() const {
  std::lock_guard lock(mutex_);
  return lines_written_;
}

std::uint64_t ReportLog::write_errors() const {
  std::lock_guard lock(mutex_);
  return write_errors_;
}

}  // namespace walletfuzz
