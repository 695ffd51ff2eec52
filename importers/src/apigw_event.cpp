// API Gateway proxy events: REST APIs (payload 1.0: httpMethod, path, multiValueHeaders,
// multiValueQueryStringParameters), HTTP APIs (payload 2.0: rawPath, rawQueryString, cookies) and
// Lambda Function URLs (payload 2.0 without a route). A file holds one event or a list of them.
#include "request_building.hpp"
#include "source_document.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::importers::detail {
namespace {

std::string event_body(const Node& event) {
  const Node body = event.member("body");
  if (!body.present()) return {};
  std::string text = body.string();
  if (!event.bool_or("isBase64Encoded", false)) return text;
  std::optional<std::string> decoded = decode_base64(text);
  if (!decoded) body.fail("isBase64Encoded is true but the body is not base64");
  return *decoded;
}

// Payload 1.0: multi-value fields carry every value; the single-value ones only the last.
Request rest_v1_request(const Node& event, std::string& path_template) {
  Request request;
  request.method = event.require("httpMethod").string();
  std::string target = event.require("path").string();
  const Node multi_query = event.member("multiValueQueryStringParameters");
  const Node query = event.member("queryStringParameters");
  std::string query_text;
  auto append = [&query_text](std::string_view name, std::string_view value) {
    if (!query_text.empty()) query_text += '&';
    query_text += percent_encode(name) + "=" + percent_encode(value);
  };
  if (multi_query.present()) {
    for (const auto& member : multi_query.object()) {
      const Node values = multi_query.member(member.key());
      for (std::size_t i = 0; i < values.array().size(); ++i)
        append(member.key(), values.at(i).string());
    }
  } else if (query.present()) {
    for (const auto& member : query.object())
      append(member.key(), query.member(member.key()).string());
  }
  if (!query_text.empty()) target += "?" + query_text;
  request.target = target;
  const Node multi_headers = event.member("multiValueHeaders");
  const Node headers = event.member("headers");
  if (multi_headers.present()) {
    for (const auto& member : multi_headers.object()) {
      const Node values = multi_headers.member(member.key());
      for (std::size_t i = 0; i < values.array().size(); ++i)
        add_recorded_header(request, member.key(), values.at(i).string());
    }
  } else if (headers.present()) {
    for (const auto& member : headers.object())
      add_recorded_header(request, member.key(), headers.member(member.key()).string());
  }
  const std::string resource = event.string_or("resource");
  // "/{proxy+}" is API Gateway's catch-all: it says nothing about the function's own routes.
  if (resource.find('{') != std::string::npos && resource.find("+}") == std::string::npos)
    path_template = resource;
  return request;
}

// Payload 2.0 (HTTP APIs and Function URLs): duplicate headers arrive comma-joined, cookies apart.
Request v2_request(const Node& event, std::string& path_template) {
  Request request;
  const Node http = event.require("requestContext").require("http");
  request.method = http.require("method").string();
  request.target = event.require("rawPath").string();
  const std::string query = event.string_or("rawQueryString");
  if (!query.empty()) request.target += "?" + query;
  const Node headers = event.member("headers");
  if (headers.present()) {
    for (const auto& member : headers.object())
      add_recorded_header(request, member.key(), headers.member(member.key()).string());
  }
  const Node cookies = event.member("cookies");
  if (cookies.present()) {
    std::string cookie;
    for (std::size_t i = 0; i < cookies.array().size(); ++i) {
      if (!cookie.empty()) cookie += "; ";
      cookie += cookies.at(i).string();
    }
    if (!cookie.empty()) request.headers.set("Cookie", cookie);
  }
  const std::string route_key = event.string_or("routeKey");
  const std::size_t space = route_key.find(' ');
  if (space != std::string::npos && route_key.find('{') != std::string::npos &&
      route_key.find("+}") == std::string::npos)
    path_template = route_key.substr(space + 1);  // "GET /pets/{petId}"
  return request;
}

void import_event(const Node& event, ImportCollector& collector) {
  if (!event.is_object()) event.fail("must be an event object");
  std::string path_template;
  Request request;
  if (event.member("rawPath").present()) {
    request = v2_request(event, path_template);
  } else if (event.member("httpMethod").present()) {
    request = rest_v1_request(event, path_template);
  } else {
    event.fail("is not an API Gateway or Function URL event",
               "expected httpMethod and path (REST API, payload 1.0) or rawPath and "
               "requestContext.http (HTTP API or Function URL, payload 2.0)");
  }
  request.body = event_body(event);
  std::string host = event.member("requestContext").string_or("domainName", "localhost");
  if (request.headers.contains("Host")) host = std::string(*request.headers.get("Host"));
  collector.add(std::move(request), path_template, "",
                event.document().file + (event.path().empty() ? "" : ": " + event.path()), host);
}

}  // namespace

ImportResult import_apigw_event(const std::filesystem::path& file) {
  const SourceDocument doc = read_json_document(file);
  const Node root = Node::root(doc);
  ImportCollector collector;
  if (root.is_array()) {
    for (std::size_t i = 0; i < root.array().size(); ++i) import_event(root.at(i), collector);
  } else {
    import_event(root, collector);
  }
  return collector.finish();
}

}  // namespace walletfuzz::importers::detail
