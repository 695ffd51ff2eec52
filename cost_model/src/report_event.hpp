#pragma once
// The JSON forms of a REPORT record (internal to cost_model): shared by the line parser's home,
// report_line.cpp, and the log reader, report_log.cpp.

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "walletfuzz/cost_model/report_log.hpp"

namespace walletfuzz::cost_model::detail {

/// A JSON log line or export event: a platform.report event, or an export record whose
/// "message" is a text REPORT line (or a JSON event as text). nullopt with `error` set when it is
/// a malformed report, nullopt with an empty `error` when it is something else.
std::optional<ReportRecord> parse_json_event(const boost::json::value& value, std::string& error);

}  // namespace walletfuzz::cost_model::detail
