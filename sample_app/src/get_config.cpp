// GET /config?service=checkout — the feature flags and limits a front end service reads.
//
// Defect (vulnerable): a debug switch left in from development. When the query asks for debug
// output and the request fails (an unknown service, say), the error response carries a "debug"
// block with the function's whole environment — which on Lambda includes the execution role's
// temporary AWS credentials and here a database URL with its password. Fixed: the debug
// switch is ignored; errors say what was wrong and nothing else.

#include <array>

#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {
namespace {

struct ServiceConfig {
  const char* service;
  bool new_checkout;
  bool recommendations;
  int max_cart_items;
};

constexpr std::array<ServiceConfig, 4> configs = {{
    {"checkout", true, false, 50},
    {"catalog", false, true, 0},
    {"cart", true, true, 50},
    {"search", false, true, 0},
}};

bool debug_requested(const Request& request) {
  auto debug = request.query_param("debug");
  return debug && (*debug == "1" || *debug == "true" || *debug == "yes");
}

Response config_error(int status, std::string_view message, const Request& request,
                      const InvocationContext& context, SampleAppVariant variant) {
  boost::json::object body{{"error", message}};
  if (variant == SampleAppVariant::vulnerable && debug_requested(request)) {
    boost::json::object environment;
    for (const auto& [name, value] : context.settings().environment) environment[name] = value;
    body["debug"] = boost::json::object{{"request_id", context.request_id()},
                                        {"remaining_ms", context.remaining_time().count()},
                                        {"environment", std::move(environment)}};
  }
  return json_response(status, body);
}

Response get_config(const Request& request, InvocationContext& context, SampleAppVariant variant) {
  auto service = request.query_param("service");
  if (!service || service->empty()) {
    return config_error(400, "service is required", request, context, variant);
  }
  for (const auto& config : configs) {
    if (*service != config.service) continue;
    context.charge(1);  // parameter store read
    return json_response(
        200,
        boost::json::object{
            {"service", config.service},
            {"flags",
             {{"new_checkout", config.new_checkout}, {"recommendations", config.recommendations}}},
            {"max_cart_items", config.max_cart_items},
        });
  }
  return config_error(404, "unknown service", request, context, variant);
}

}  // namespace

HandlerSpec make_get_config_handler(SampleAppVariant variant) {
  constexpr unsigned memory_mb = 128;
  return HandlerSpec{
      .name = "get-config",
      .method = "GET",
      .route = "/config",
      .settings = {.memory_mb = memory_mb,
                   .timeout = std::chrono::seconds(3),
                   .reserved_concurrency = 0,
                   .environment = function_environment("get-config", memory_mb)},
      .baseline_requests = {make_request_file("GET", "/config?service=checkout"),
                            make_request_file("GET", "/config?service=search&debug=false")},
      .invoke = [variant](
                    const Request& request,
                    InvocationContext& context) { return get_config(request, context, variant); },
      .description = "feature flags of a front end service",
  };
}

}  // namespace walletfuzz::sample_app_detail
