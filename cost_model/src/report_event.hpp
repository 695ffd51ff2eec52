#pragma once
// Pieces of reading REPORT records shared by the line parser's home, report_line.cpp, and the
// log reader, report_log.cpp (internal to cost_model): white space and the JSON forms.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "walletfuzz/cost_model/report_log.hpp"

namespace walletfuzz::cost_model::detail {

/// The white space of a log line (space, tab, CR, LF).
inline bool is_space(char c) {
  // One compare for the common case: every character above ' ' is not a space.
  return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// A JSON log line or export event: a platform.report event, or an export record whose
/// "message" is a text REPORT line (or a JSON event as text). nullopt with `error` set when it is
/// a malformed report, nullopt with an empty `error` when it is something else.
std::optional<ReportRecord> parse_json_event(const boost::json::value& value, std::string& error);

}  // namespace walletfuzz::cost_model::detail
