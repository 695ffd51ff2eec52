#pragma once
// What every back-office handler shares: JSON responses and errors, the parsing of JSON and
// form-encoded bodies, and the raw HTTP requests that serve as each handler's baseline traffic.

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "walletfuzz/core/handler.hpp"

namespace backoffice {

using walletfuzz::HandlerSpec;
using walletfuzz::InvocationContext;
using walletfuzz::Request;
using walletfuzz::Response;

HandlerSpec export_timesheet_handler();
HandlerSpec list_invoices_handler();
HandlerSpec loan_schedule_handler();
HandlerSpec normalize_tags_handler();
HandlerSpec open_ticket_handler();
HandlerSpec preview_note_handler();
HandlerSpec quote_cart_handler();
HandlerSpec rate_matrix_handler();
HandlerSpec reconcile_statement_handler();
HandlerSpec submit_scores_handler();
HandlerSpec subscribe_newsletter_handler();
HandlerSpec upload_avatar_handler();

/// A response with a JSON body and Content-Type: application/json.
Response json_response(int status, const boost::json::value& body);
/// {"error": message} with the given status.
Response json_error(int status, std::string_view message);

/// The body parsed as a JSON object, or nullopt (bad syntax, not an object, nested too deep).
std::optional<boost::json::object> parse_json_object(std::string_view body);

/// The string member `key` of `object`, or nullopt when it is missing or not a string.
std::optional<std::string_view> string_field(const boost::json::object& object,
                                             std::string_view key);
/// The numeric member `key` of `object` as a double (integers included), or nullopt.
std::optional<double> number_field(const boost::json::object& object, std::string_view key);

/// The fields of an application/x-www-form-urlencoded body, in order, percent-decoded.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

/// A whole number parsed from all of `text`, or nullopt (sign, junk, overflow).
std::optional<long long> parse_whole_number(std::string_view text);

/// A baseline request: request line, Host, Content-Type and Content-Length when there is a body.
std::string request_text(std::string_view method, std::string_view target,
                         std::string_view content_type = {}, std::string_view body = {});

}  // namespace backoffice
