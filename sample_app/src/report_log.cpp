#include "walletfuzz/sample_app/report_log.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {

// Bounds shared with the cost model's reader: no invocation runs for a day (Lambda stops at
// 15 min) and no function has a terabyte. They also keep every accepted number short enough to
// print exactly, so an accepted line formats back to itself.
constexpr double kMaxDurationMs = 24.0 * 3600.0 * 1000.0;
constexpr std::uint64_t kMaxMemoryMb = 1024 * 1024;

std::string two_decimals(double value) {
  // Large enough for any double in fixed notation (DBL_MAX has 309 integer digits), so a value
  // is never cut short; snprintf into a small buffer once printed 1e72 as a 63-digit number.
  char text[400];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(text, end) : std::string("nan");
}

// Lambda separates fields with a tab; lines copied from the console or from blog posts have one
// or two spaces instead, and one quoted real line has "100 ms \t". So any run of spaces and tabs
// separates two fields; everything else about a field is as exact as AWS writes it.
bool is_separator(char c) {
  return c == ' ' || c == '\t';
}
bool is_line_break(char c) {
  return c == '\r' || c == '\n';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_letter(char c) {
  return is_upper(c) || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A cursor over one line: "REPORT RequestId: <id>" then fields "Label: value unit".
class FieldReader {
 public:
  explicit FieldReader(std::string_view text) : text_(text) {}

  /// Skips a run of separators; false if there was none.
  bool skip_separators() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && is_separator(text_[pos_])) ++pos_;
    return pos_ > start;
  }
  bool consume(std::string_view literal) {
    if (!rest().starts_with(literal)) return false;
    pos_ += literal.size();
    return true;
  }
  std::string_view rest() const { return text_.substr(pos_); }
  bool at_line_end() const { return pos_ >= text_.size() || is_line_break(text_[pos_]); }

  /// A value or unit: visible ASCII up to the next separator or line break. Empty if the
  /// next character is not visible ASCII (a control byte, a separator, the end).
  std::string_view token() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] > ' ' && text_[pos_] < 0x7f) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  /// Length of the "Label: " starting here (capitalised words joined by single spaces, then a
  /// colon and one space), or 0. The units "MB" and "ms" are never label words, so the unit
  /// ending an unknown field is not mistaken for the start of the next label.
  std::size_t label_length() const {
    std::size_t at = pos_;
    while (true) {
      std::size_t word = at;
      if (at >= text_.size() || !is_upper(text_[at])) return 0;
      while (at < text_.size() && is_letter(text_[at])) ++at;
      if (text_.substr(word, at - word) == "MB") return 0;
      if (text_.substr(at).starts_with(": ")) return at + 2 - pos_;
      if (at >= text_.size() || text_[at] != ' ') return 0;
      ++at;
    }
  }
  /// Consumes "Label: " and returns the label without ": ", or empty if none starts here.
  std::string_view label() {
    std::size_t length = label_length();
    if (length == 0) return {};
    std::string_view found = text_.substr(pos_, length - 2);
    pos_ += length;
    return found;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Decimal milliseconds as Lambda prints them ("395.99"): digits, optionally a point and digits.
// No sign, exponent, hex, inf or nan, and at most a day.
bool to_duration(std::string_view text, double& value) {
  auto digits = [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), is_digit);
  };
  std::size_t point = text.find('.');
  if (!digits(text.substr(0, point))) return false;
  if (point != std::string_view::npos && !digits(text.substr(point + 1))) return false;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  return ec == std::errc() && end == text.data() + text.size() && value <= kMaxDurationMs;
}

template <typename Unsigned>
bool to_whole(std::string_view text, Unsigned& value, std::uint64_t max) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), is_digit)) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value <= max;
}

// The first few characters of `text` for an error message, tabs shown as spaces and other
// control or non-ASCII bytes as '?', so the message stays one printable line.
std::string printable_start(std::string_view text) {
  std::string shown(text.substr(0, 24));
  for (char& c : shown) {
    if (c == '\t') c = ' ';
    if (c < ' ' || c >= 0x7f) c = '?';
  }
  return shown;
}

ReportLineParse failure(std::string message) {
  return {std::nullopt, std::move(message)};
}

// After the line break only blank space or the X-Ray trailer may follow: a second REPORT line
// in the same text would otherwise be merged into this one.
bool only_trailer_follows(std::string_view rest) {
  std::size_t first = rest.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos || rest.substr(first).starts_with("XRAY ");
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
    reader.skip_separators();
    if (!reader.consume("REPORT") || !reader.skip_separators()) {
      return failure("not a REPORT line");
    }
    if (!reader.consume("RequestId: ")) return failure("REPORT line: missing RequestId");
    ReportLine line;
    line.request_id = std::string(reader.token());
    if (line.request_id.empty()) return failure("REPORT line: empty RequestId");
    bool has_duration = false, has_billed = false, has_memory = false, has_used = false;
    bool has_init = false;
    bool separated = false;  // an unknown field's value ends on the separators it skipped
    while (true) {
      separated = reader.skip_separators() || separated;
      if (reader.at_line_end()) break;
      if (reader.rest().starts_with("XRAY ")) break;  // the X-Ray trailer has its own shape
      std::string_view label = separated ? reader.label() : std::string_view{};
      if (label.empty()) {
        return failure("REPORT line: expected 'Field: value unit' at '" +
                       printable_start(reader.rest()) + "'");
      }
      std::string field(label);
      bool known = label == "Duration" || label == "Billed Duration" || label == "Memory Size" ||
                   label == "Max Memory Used" || label == "Init Duration";
      if (!known) {
        // Other fields (Restore Duration, Status: timeout, Error Type: ...) are not ours to
        // price: skip their words up to the next label.
        while (true) {
          reader.token();
          reader.skip_separators();
          if (reader.at_line_end() || reader.label_length() > 0 ||
              reader.rest().starts_with("XRAY ")) {
            break;
          }
          if (reader.token().empty()) {
            return failure("REPORT line: " + field + ": unexpected byte in the value");
          }
        }
        separated = true;
        continue;
      }
      separated = false;
      std::string_view value = reader.token();
      std::string_view unit = reader.consume(" ") ? reader.token() : std::string_view{};
      auto bad = [&](std::string_view why) {
        return failure("REPORT line: " + field + ": " + std::string(why) + " '" +
                       std::string(value) + " " + std::string(unit) + "'");
      };
      bool* seen = label == "Duration"          ? &has_duration
                   : label == "Billed Duration" ? &has_billed
                   : label == "Memory Size"     ? &has_memory
                   : label == "Max Memory Used" ? &has_used
                                                : &has_init;
      if (*seen) return failure("REPORT line: " + field + " appears twice");
      *seen = true;
      if (label == "Duration") {
        if (unit != "ms" || !to_duration(value, line.duration_ms)) {
          return bad("expected N.NN ms, got");
        }
      } else if (label == "Billed Duration") {
        if (unit != "ms" ||
            !to_whole(value, line.billed_duration_ms, static_cast<std::uint64_t>(kMaxDurationMs))) {
          return bad("expected whole ms, got");
        }
      } else if (label == "Memory Size") {
        if (unit != "MB" || !to_whole(value, line.memory_size_mb, kMaxMemoryMb)) {
          return bad("expected MB, got");
        }
      } else if (label == "Max Memory Used") {
        if (unit != "MB" || !to_whole(value, line.max_memory_used_mb, kMaxMemoryMb)) {
          return bad("expected MB, got");
        }
      } else {
        double init = 0;
        if (unit != "ms" || !to_duration(value, init)) return bad("expected N.NN ms, got");
        line.init_duration_ms = init;
      }
    }
    if (!only_trailer_follows(reader.rest())) {
      return failure("REPORT line: unexpected text after the end of the line");
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
