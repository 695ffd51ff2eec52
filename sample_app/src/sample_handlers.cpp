#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {

Response json_response(int status, const boost::json::value& body) {
  Response response{.status = status, .body = boost::json::serialize(body)};
  response.headers.set("Content-Type", "application/json");
  return response;
}

Response json_error(int status, std::string_view message) {
  return json_response(status, boost::json::object{{"error", message}});
}

std::optional<boost::json::object> parse_json_object(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = 32;  // nesting bombs are rejected by the parser, not by the stack
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec, {}, options);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::string make_request_file(std::string_view method, std::string_view target,
                              std::string_view body, std::string_view extra_headers) {
  std::string request;
  request.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: sample.app\r\n");
  if (!body.empty() && extra_headers.find("Content-Type:") == std::string_view::npos) {
    request.append("Content-Type: application/json\r\n");
  }
  request.append(extra_headers);
  if (!body.empty()) request.append("Content-Length: " + std::to_string(body.size()) + "\r\n");
  request.append("\r\n").append(body);
  return request;
}

std::map<std::string, std::string> function_environment(std::string_view function_name,
                                                        unsigned memory_mb) {
  // FAKE credentials with the shape of an execution role's temporary ones (ASIA key id, 40
  // character secret, session token starting like an STS token). They are made up for this
  // sample and deliberately not AWS's documentation "EXAMPLE" keys, which leak scanners
  // allowlist: a detector must catch these.
  return {
      {"AWS_REGION", "eu-west-1"},
      {"AWS_DEFAULT_REGION", "eu-west-1"},
      {"AWS_LAMBDA_FUNCTION_NAME", "shop-" + std::string(function_name)},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(memory_mb)},
      {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
      {"AWS_ACCESS_KEY_ID", "ASIAZ7QK4R2WMX5NB3TD"},
      {"AWS_SECRET_ACCESS_KEY", "k3Vq9Zt/Lr7XwP2mN8sYb4Hc+J6dFgQe1RuA0oTi"},
      {"AWS_SESSION_TOKEN",
       "IQoJb3JpZ2luX2VjE6zowB8nHuB13tzH9YfeJuBc/dNLW161ULKpyY9kPSV3AwYSecXOJ8b9rH2F1KyQsMLk6A8kD"
       "l869pVQWcDRqb8HVzPcYvaUYzdzqHhLc8F4fzf0dm4bTQab5FBMtSt42DyFql7L4sU8qtsx55s8FJ+FR/ierIVsj"
       "HyDt+M/s/DHBT2xGe91z4kGql2hoiyQM2+B3iZbRoFCEsDdg0nVEnV2cMoxo4yxQsALwaoqOOF2jQomikmf+9NOL"
       "SbX6UD97HQTnD/FNhqMEyVSOm0fj4DeqHPWnPlJoAI5PYnn92rL80pQAxtRMgLa9d2QeA3bTKmNeSD6Hdjb8kQPu"
       "/MNdyDAdgGgt9cxp2KW13PJn"},
      {"DATABASE_URL",
       "postgres://shop_app:Xr4!pT9vQ2mzL8wc@shop-db.cluster-c9x2.eu-west-1.rds."
       "amazonaws.com:5432/shop"},
      {"LOG_LEVEL", "info"},
  };
}

}  // namespace walletfuzz::sample_app_detail
