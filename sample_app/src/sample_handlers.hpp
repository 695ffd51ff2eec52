#pragma once
// Private to the sample app: one factory per handler (each in its own file) and the small JSON
// and request helpers they share.

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz::sample_app_detail {

HandlerSpec make_signup_handler(SampleAppVariant variant);
HandlerSpec make_list_orders_handler(SampleAppVariant variant);
HandlerSpec make_dedupe_contacts_handler(SampleAppVariant variant);
HandlerSpec make_shipping_quote_handler(SampleAppVariant variant);
HandlerSpec make_create_payment_handler(SampleAppVariant variant);
HandlerSpec make_get_config_handler(SampleAppVariant variant);
HandlerSpec make_import_events_handler(SampleAppVariant variant);

/// A response with a JSON body and Content-Type: application/json.
Response json_response(int status, const boost::json::value& body);
/// {"error": message} with the given status.
Response json_error(int status, std::string_view message);

/// The body parsed as a JSON object, or nullopt (syntax error, not an object, too deep).
std::optional<boost::json::object> parse_json_object(std::string_view body);

/// A baseline request file: method, target, optional JSON body (Content-Type and
/// Content-Length are added), optional extra header lines ("Name: value\r\n").
std::string make_request_file(std::string_view method, std::string_view target,
                              std::string_view body = {}, std::string_view extra_headers = {});

/// The environment every sample function runs with, as Lambda sets it: region, function name,
/// memory size and the execution role's temporary credentials (FAKE values of the real shape),
/// plus the app's own database URL.
std::map<std::string, std::string> function_environment(std::string_view function_name,
                                                        unsigned memory_mb);

}  // namespace walletfuzz::sample_app_detail
