#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstring>

#include "report_event.hpp"
#include "walletfuzz/cost_model/report_log.hpp"

namespace walletfuzz::cost_model {
namespace {

using detail::is_space;
using detail::trim;

// Larger than any real value (Lambda: 900 s + 10 s INIT, 10,240 MB) but small enough that a
// corrupted number is caught instead of billed.
constexpr double kMaxDurationMs = 24.0 * 3600.0 * 1000.0;
constexpr double kMaxMemoryMb = 1024.0 * 1024.0;

struct Label {
  std::string_view text;
  int id;
};
enum LabelId {
  kRequestId,
  kDuration,
  kBilled,
  kMemory,
  kMaxMemory,
  kInit,
  kStatus,
  kErrorType,
  kOther
};

// Longest first, so "Billed Duration:" is not read as "Duration:".
constexpr std::array<Label, 13> kLabels{{
    {"Billed Restore Duration:", kOther},
    {"Restore Duration:", kOther},
    {"Billed Duration:", kBilled},
    {"Init Duration:", kInit},
    {"Max Memory Used:", kMaxMemory},
    {"Memory Size:", kMemory},
    {"Duration:", kDuration},
    {"RequestId:", kRequestId},
    {"Status:", kStatus},
    {"Error Type:", kErrorType},
    {"XRAY TraceId:", kOther},
    {"SegmentId:", kOther},
    {"Sampled:", kOther},
}};

// "27.55" as the double nearest to it, when it has at most 15 significant digits and no
// exponent: the digits as a whole number (exact below 2^53) divided by a power of ten (exact up
// to 1e22) is one correctly rounded IEEE division, so the result equals std::from_chars's. Every
// number a real REPORT line prints takes this path; from_chars, several times slower, is the
// fallback for everything else (issue #20 measured the parser at 55 MB/s, a third of it here).
std::optional<double> plain_decimal(std::string_view digits) {
  static constexpr double kPowers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  std::uint64_t mantissa = 0;
  int count = 0, fraction = -1;
  for (const char c : digits) {
    if (c == '.' && fraction < 0) {
      fraction = 0;
      continue;
    }
    if (c < '0' || c > '9' || ++count > 15) return std::nullopt;
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
    if (fraction >= 0) ++fraction;
  }
  // "5." and ".5" are numbers to from_chars too, but not the only ones left to it: a bare "."
  // has no digits and is not.
  if (count == 0) return std::nullopt;
  return static_cast<double>(mantissa) / kPowers[fraction > 0 ? fraction : 0];
}

/// "27.55 ms" -> 27.55 when the unit matches; nullopt otherwise.
std::optional<double> number_with_unit(std::string_view value, std::string_view unit) {
  value = trim(value);
  if (value.size() <= unit.size() || value.substr(value.size() - unit.size()) != unit)
    return std::nullopt;
  std::string_view digits = trim(value.substr(0, value.size() - unit.size()));
  if (const auto fast = plain_decimal(digits)) return fast;
  double out = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty())
    return std::nullopt;
  return out;
}

bool in_range(double value, double max) {
  return std::isfinite(value) && value >= 0 && value <= max;
}

std::optional<double> json_number(const boost::json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return std::nullopt;
}

/// A `platform.report` event. Returns nullopt with `error` set when malformed.
std::optional<ReportRecord> parse_platform_report(const boost::json::object& event,
                                                  std::string& error) {
  const auto* record = event.if_contains("record");
  if (!record || !record->is_object()) {
    error = "platform.report without a record object";
    return std::nullopt;
  }
  const auto& rec = record->get_object();
  const auto* metrics_value = rec.if_contains("metrics");
  if (!metrics_value || !metrics_value->is_object()) {
    error = "platform.report without record.metrics";
    return std::nullopt;
  }
  const auto& metrics = metrics_value->get_object();
  ReportRecord out;
  if (const auto* id = rec.if_contains("requestId"); id && id->is_string()) {
    out.request_id = std::string(id->get_string());
  }
  if (const auto* status = rec.if_contains("status"); status && status->is_string()) {
    out.status = std::string(status->get_string());
  }
  // The metrics are floats even where integers are expected (opentelemetry-lambda PR #2011).
  const auto duration = json_number(metrics.if_contains("durationMs"));
  const auto billed = json_number(metrics.if_contains("billedDurationMs"));
  const auto memory = json_number(metrics.if_contains("memorySizeMB"));
  if (!duration || !billed || !memory) {
    error = "record.metrics needs numeric durationMs, billedDurationMs and memorySizeMB";
    return std::nullopt;
  }
  out.duration_ms = *duration;
  out.billed_ms = *billed;
  out.memory_mb = *memory;
  out.max_memory_used_mb = json_number(metrics.if_contains("maxMemoryUsedMB"));
  out.init_ms = json_number(metrics.if_contains("initDurationMs"));
  if (!in_range(out.duration_ms, kMaxDurationMs) || !in_range(out.billed_ms, kMaxDurationMs) ||
      !(out.memory_mb > 0 && out.memory_mb <= kMaxMemoryMb) ||
      (out.init_ms && !in_range(*out.init_ms, kMaxDurationMs))) {
    error = "record.metrics has a negative or absurd value";
    return std::nullopt;
  }
  return out;
}

// Two decimals, as Lambda prints durations. The buffer holds any finite double in fixed notation
// (DBL_MAX has 309 integer digits), so a value is never cut short.
std::string two_decimals(double value) {
  char text[400];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(text, end) : std::string("nan");
}

// A whole number as digits ("662"); anything else in the shortest form that reads back exactly.
std::string exact_number(double value) {
  char text[64];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  return ec == std::errc() ? std::string(text, end) : std::string("nan");
}

}  // namespace

std::optional<ReportRecord> detail::parse_json_event(const boost::json::value& value,
                                                     std::string& error) {
  if (!value.is_object()) return std::nullopt;
  const auto& event = value.get_object();
  if (const auto* type = event.if_contains("type"); type && type->is_string()) {
    if (type->get_string() == "platform.report") return parse_platform_report(event, error);
    return std::nullopt;
  }
  if (const auto* message = event.if_contains("message"); message && message->is_string()) {
    const std::string text(message->get_string());
    // CloudWatch may also store a JSON-format event as the message of an export record.
    if (!trim(text).empty() && trim(text).front() == '{') {
      boost::system::error_code ec;
      const auto inner = boost::json::parse(text, ec);
      if (!ec) return parse_json_event(inner, error);
    }
    return parse_report_line(text, error);
  }
  return std::nullopt;
}

std::uint64_t report_billed_ms(double duration_ms, std::optional<double> init_ms) noexcept {
  const double total = duration_ms + init_ms.value_or(0.0);
  if (!(total > 0)) return 1;
  // Round the sum to the printed cents first: 2.004 prints "2.00" and bills 2, not 3.
  const double printed = std::round(total * 100.0) / 100.0;
  return static_cast<std::uint64_t>(round_up_billed_ms(printed, 1.0, 1.0));
}

std::string format_report_line(const ReportRecord& record) {
  std::string text = "REPORT RequestId: " + record.request_id;
  text += "\tDuration: " + two_decimals(record.duration_ms) + " ms";
  text += "\tBilled Duration: " + exact_number(record.billed_ms) + " ms";
  text += "\tMemory Size: " + exact_number(record.memory_mb) + " MB";
  if (record.max_memory_used_mb) {
    text += "\tMax Memory Used: " + exact_number(*record.max_memory_used_mb) + " MB";
  }
  if (record.init_ms) text += "\tInit Duration: " + two_decimals(*record.init_ms) + " ms";
  if (!record.status.empty()) text += "\tStatus: " + record.status;
  if (!record.error_type.empty()) text += "\tError Type: " + record.error_type;
  text += '\t';
  return text;
}

std::optional<ReportRecord> parse_report_line(std::string_view line, std::string& error) {
  error.clear();
  const auto start = line.find("REPORT RequestId:");
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(start + 6);  // after "REPORT"

  // Find every label at a token boundary; each value runs to the next label.
  struct Found {
    std::size_t pos;
    const Label* label;
  };
  // A real line has at most 11 labels; a line with more than 32 is not one.
  std::array<Found, 32> found;
  std::size_t labels = 0;
  // Every label ends with ':' and starts a token, so the line is searched for colons (memchr)
  // rather than walked character by character; at each colon the first label of kLabels that
  // ends there after a space wins. kLabels lists a label before any label that is its suffix
  // ("Billed Duration:" before "Duration:"), and no label has a colon inside, so this finds what
  // a left-to-right scan for whole labels finds. `rest` starts with the space before
  // "RequestId:".
  const char* const base = rest.data();
  for (std::size_t from = 0; from < rest.size();) {
    const void* hit = std::memchr(base + from, ':', rest.size() - from);
    if (!hit) break;
    const auto colon = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
    from = colon + 1;
    for (const Label& label : kLabels) {
      const std::size_t length = label.text.size();
      if (length > colon) continue;  // needs a character before it, too
      const std::size_t at = colon + 1 - length;
      if (base[at] == label.text.front() && is_space(base[at - 1]) &&
          rest.substr(at, length) == label.text) {
        if (labels == found.size()) {
          error = "REPORT line with more than " + std::to_string(found.size()) + " labels";
          return std::nullopt;
        }
        found[labels].pos = at;
        found[labels].label = &label;
        ++labels;
        break;
      }
    }
  }
  ReportRecord out;
  bool has[kOther + 1] = {};
  for (std::size_t k = 0; k < labels; ++k) {
    const std::size_t begin = found[k].pos + found[k].label->text.size();
    const std::size_t end = k + 1 < labels ? found[k + 1].pos : rest.size();
    const std::string_view value = trim(rest.substr(begin, end - begin));
    const int id = found[k].label->id;
    const std::string_view label_text = found[k].label->text;
    const auto name = [label_text] {
      return std::string(label_text.substr(0, label_text.size() - 1));
    };
    std::optional<double> number;
    // The request id, status and error type are single words on every real line
    // ("Runtime.ExitError"). Anything with a space or a colon in it would read back differently
    // once written with the usual ": " (a value "XRAY TraceId:..." glued to its label becomes a
    // label of its own), so it is a malformed line, not a value.
    // (A loop, not find_first_of, which calls memchr over the set for every character.)
    const bool one_word = !value.empty() && std::none_of(value.begin(), value.end(), [](char c) {
      return is_space(c) || c == ':';
    });
    if ((id == kRequestId || id == kStatus || id == kErrorType) && !one_word) {
      error = name() + ": expected one word like '" +
              (id == kRequestId ? "8f5e2c1a-0d1b-4e6f-9a7b-3c2d1e0f9a8b"
               : id == kStatus  ? "error"
                                : "Runtime.ExitError") +
              "', got '" + std::string(value) + "'";
      return std::nullopt;
    }
    switch (id) {
      case kRequestId:
        out.request_id = std::string(value);
        break;
      case kStatus:
        out.status = std::string(value);
        break;
      case kErrorType:
        out.error_type = std::string(value);
        break;
      case kDuration:
      case kBilled:
      case kInit:
        number = number_with_unit(value, "ms");
        if (!number || !in_range(*number, kMaxDurationMs)) {
          error =
              name() + ": expected milliseconds like '27.55 ms', got '" + std::string(value) + "'";
          return std::nullopt;
        }
        (id == kDuration ? out.duration_ms
         : id == kBilled ? out.billed_ms
                         : out.init_ms.emplace()) = *number;
        break;
      case kMemory:
      case kMaxMemory:
        number = number_with_unit(value, "MB");
        if (!number || !in_range(*number, kMaxMemoryMb) || (id == kMemory && *number <= 0)) {
          error = name() + ": expected megabytes like '512 MB', got '" + std::string(value) + "'";
          return std::nullopt;
        }
        (id == kMemory ? out.memory_mb : out.max_memory_used_mb.emplace()) = *number;
        break;
      default:
        break;
    }
    has[id] = true;
  }
  if (!has[kDuration] || !has[kBilled] || !has[kMemory]) {
    error = std::string("REPORT line without ") + (!has[kDuration] ? "Duration"
                                                   : !has[kBilled] ? "Billed Duration"
                                                                   : "Memory Size");
    return std::nullopt;
  }
  if (out.request_id.empty()) {
    error = "REPORT line with an empty RequestId";
    return std::nullopt;
  }
  return out;
}

}  // namespace walletfuzz::cost_model
