// OpenAPI 3.0 and 3.1 (JSON or YAML): one request per operation, with the document's examples or
// values generated from its schemas, and its security schemes as ${ENV:NAME} placeholders.
#include <boost/json/serialize.hpp>
#include <map>

#include "openapi_values.hpp"
#include "request_building.hpp"
#include "source_document.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/loadgen/env_placeholders.hpp"

namespace walletfuzz::importers::detail {
namespace {

constexpr std::string_view kMethods[] = {"get",     "put",  "post",  "delete",
                                         "options", "head", "patch", "trace"};

// Path and query values keep ',' (lists) and the characters of ${ENV:NAME} placeholders.
std::string encode_component(std::string_view text) {
  return percent_encode(text, ",${}:");
}

struct Server {
  std::string host = "localhost";
  std::string base_path;  ///< "/v1", no trailing '/'
};

// servers[0]: "http://petstore.swagger.io/v1", "/api/v3", or "https://{region}.example.com"
// with variables at their defaults.
Server read_server(const Node& root) {
  Server server;
  const Node servers = root.member("servers");
  if (!servers.is_array() || servers.array().empty()) return server;
  const Node first = servers.at(0);
  std::string url = first.require("url").string();
  const Node variables = first.member("variables");
  if (variables.is_object()) {
    for (const auto& member : variables.object()) {
      const std::string name(member.key());
      const std::string value = variables.member(name).require("default").string();
      for (std::size_t at; (at = url.find("{" + name + "}")) != std::string::npos;)
        url.replace(at, name.size() + 2, value);
    }
  }
  if (const std::optional<UrlParts> parts = split_url(url)) {
    server.host = parts->host;
    server.base_path = parts->target;
  } else if (url.starts_with('/')) {
    server.base_path = url;
  }
  if (const std::size_t query = server.base_path.find('?'); query != std::string::npos)
    server.base_path.resize(query);
  while (!server.base_path.empty() && server.base_path.back() == '/') server.base_path.pop_back();
  return server;
}

// The parameters of an operation: the path item's, overridden by the operation's of the same
// name and location.
std::vector<Node> operation_parameters(const Node& path_item, const Node& operation) {
  std::vector<Node> merged;
  std::map<std::string, std::size_t> index;
  for (const Node& list : {path_item.member("parameters"), operation.member("parameters")}) {
    if (!list.present()) continue;
    for (std::size_t i = 0; i < list.array().size(); ++i) {
      const Node parameter = resolve_ref(list.at(i));
      const std::string key =
          parameter.require("in").string() + ":" + parameter.require("name").string();
      if (auto it = index.find(key); it != index.end()) {
        merged[it->second] = parameter;
      } else {
        index.emplace(key, merged.size());
        merged.push_back(parameter);
      }
    }
  }
  return merged;
}

boost::json::value parameter_value(const Node& parameter) {
  if (std::optional<boost::json::value> example = example_of(parameter)) return *example;
  const Node schema = parameter.member("schema");
  if (schema.present()) return value_for_schema(schema);
  const Node content = parameter.member("content");
  if (content.is_object() && !content.object().empty())
    return value_for_schema(content.member(content.object().begin()->key()).member("schema"));
  return boost::json::value("1");
}

std::string form_encode(const boost::json::value& value) {
  std::string out;
  if (!value.is_object()) return encode_component(value_as_text(value));
  for (const auto& member : value.as_object()) {
    if (!out.empty()) out += '&';
    out += encode_component(member.key()) + "=" + encode_component(value_as_text(member.value()));
  }
  return out;
}

std::string multipart_body(const boost::json::value& value, const std::string& boundary) {
  std::string out;
  if (value.is_object()) {
    for (const auto& member : value.as_object()) {
      out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" +
             std::string(member.key()) + "\"\r\n\r\n" + value_as_text(member.value()) + "\r\n";
    }
  }
  return out + "--" + boundary + "--\r\n";
}

void add_body(const Node& operation, Request& request) {
  const Node body = resolve_ref(operation.member("requestBody"));
  if (!body.present()) return;
  const Node content = body.require("content");
  if (content.object().empty()) return;
  // JSON when the operation takes it: what a generated value is closest to.
  std::string type(content.object().begin()->key());
  for (const auto& member : content.object()) {
    if (member.key() == "application/json" || member.key().ends_with("+json")) {
      type = std::string(member.key());
      break;
    }
  }
  const Node media = content.member(type);
  boost::json::value value;
  if (std::optional<boost::json::value> example = example_of(media)) {
    value = std::move(*example);
  } else if (media.member("schema").present()) {
    value = value_for_schema(media.member("schema"));
  } else {
    value = "";
  }
  std::string content_type = type;
  if (type.find("json") != std::string::npos) {
    request.body = boost::json::serialize(value);
  } else if (type == "application/x-www-form-urlencoded") {
    request.body = form_encode(value);
  } else if (type.starts_with("multipart/")) {
    const std::string boundary = "walletfuzz-import-boundary";
    request.body = multipart_body(value, boundary);
    content_type += "; boundary=" + boundary;
  } else {
    request.body =
        value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
  }
  if (type.find('*') != std::string::npos) content_type = "application/octet-stream";
  request.headers.add("Content-Type", content_type);
}

// The operation's security requirement (its own, else the document's): the first alternative's
// schemes become headers, query parameters or cookies holding ${ENV:NAME} placeholders.
void add_security(const Node& root, const Node& operation, Request& request, std::string& query,
                  std::string& cookies, CredentialScrubber& scrubber) {
  Node requirements = operation.member("security");
  if (!requirements.present()) requirements = root.member("security");
  if (!requirements.is_array() || requirements.array().empty()) return;
  const Node first = requirements.at(0);
  if (!first.is_object()) return;
  const Node schemes = root.member("components").member("securitySchemes");
  for (const auto& member : first.object()) {
    const std::string name(member.key());
    const Node scheme = resolve_ref(schemes.member(name));
    if (!scheme.present())
      first.member(name).fail("no security scheme of this name in components.securitySchemes");
    const std::string type = scheme.require("type").string();
    const std::string variable = loadgen::env_variable_name(name);
    if (type == "apiKey") {
      const std::string in = scheme.require("in").string();
      const std::string key = scheme.require("name").string();
      const std::string value = scrubber.placeholder(variable);
      if (in == "header")
        request.headers.add(key, value);
      else if (in == "query")
        query += (query.empty() ? "" : "&") + key + "=" + value;
      else if (in == "cookie")
        cookies += (cookies.empty() ? "" : "; ") + key + "=" + value;
      else
        scheme.member("in").fail("must be header, query or cookie");
    } else if (type == "http") {
      const std::string http = scheme.string_or("scheme", "bearer");
      const std::string word = http == "basic" ? "Basic" : (http == "bearer" ? "Bearer" : http);
      request.headers.set("Authorization", word + " " + scrubber.placeholder("AUTHORIZATION"));
    } else if (type == "oauth2" || type == "openIdConnect") {
      request.headers.set("Authorization", "Bearer " + scrubber.placeholder("AUTHORIZATION"));
    }
  }
}

void import_operation(const Node& root, const Server& server, const std::string& path,
                      const Node& path_item, const std::string& method,
                      ImportCollector& collector) {
  const Node operation = path_item.member(method);
  if (!operation.is_object()) operation.fail("must be an operation object");
  // Required in 3.0, optional in 3.1; a request needs none, but a malformed one is a broken file.
  const Node responses = operation.member("responses");
  if (responses.present() && !responses.is_object())
    responses.fail("must be a map of status codes to responses");
  Request request;
  request.method = method;
  for (char& c : request.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  request.headers.add("Host", server.host);
  std::string concrete = path;
  std::string query;
  std::string cookies;
  for (const Node& parameter : operation_parameters(path_item, operation)) {
    const std::string in = parameter.require("in").string();
    const std::string name = parameter.require("name").string();
    const std::string text = value_as_text(parameter_value(parameter));
    if (in == "path") {
      const std::string placeholder = "{" + name + "}";
      if (concrete.find(placeholder) == std::string::npos)
        parameter.member("name").fail("path parameter '" + name + "' is not in the path " + path);
      for (std::size_t at; (at = concrete.find(placeholder)) != std::string::npos;)
        concrete.replace(at, placeholder.size(), encode_component(text));
    } else if (in == "query") {
      query += (query.empty() ? "" : "&") + encode_component(name) + "=" + encode_component(text);
    } else if (in == "header") {
      // OpenAPI ignores these three as parameters: the media types and security say them.
      if (!iequals(name, "Accept") && !iequals(name, "Content-Type") &&
          !iequals(name, "Authorization"))
        request.headers.add(name, text);
    } else if (in == "cookie") {
      cookies += (cookies.empty() ? "" : "; ") + name + "=" + text;
    } else {
      parameter.member("in").fail("'" + in + "' is not one of path, query, header, cookie");
    }
  }
  if (concrete.find('{') != std::string::npos) {
    // A parameter the document forgot to declare: any value reaches the route.
    for (std::size_t open; (open = concrete.find('{')) != std::string::npos;) {
      const std::size_t close = concrete.find('}', open);
      if (close == std::string::npos) break;
      concrete.replace(open, close - open + 1, "1");
    }
  }
  add_security(root, operation, request, query, cookies, collector.scrubber());
  request.target = server.base_path + concrete + (query.empty() ? "" : "?" + query);
  if (!cookies.empty()) request.headers.add("Cookie", cookies);
  add_body(operation, request);
  collector.add(std::move(request), server.base_path + path, operation.string_or("operationId"),
                root.document().file + ": " + operation.path(), server.host);
}

}  // namespace

ImportResult import_openapi(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  const SourceDocument doc =
      extension == ".json" ? read_json_document(file) : read_yaml_document(file);
  const Node root = Node::root(doc);
  if (!root.is_object()) root.fail("must be an OpenAPI document (a map at the top level)");
  const Node version = root.member("openapi");
  if (!version.present()) {
    if (root.member("swagger").present())
      root.member("swagger").fail("Swagger 2.0 is not supported",
                                  "convert it to OpenAPI 3 first (e.g. with swagger2openapi)");
    version.fail("is missing", "an OpenAPI 3.0 or 3.1 document starts with openapi: 3.0.3");
  }
  const std::string text = version.is_string() ? version.string() : value_as_text(version.value());
  if (!text.starts_with("3.0") && !text.starts_with("3.1"))
    version.fail("'" + text + "' is not OpenAPI 3.0 or 3.1");
  const Server server = read_server(root);
  ImportCollector collector;
  const Node paths = root.member("paths");
  if (!paths.present() && root.member("webhooks").present()) return collector.finish();
  for (const auto& entry : paths.object()) {
    const std::string path(entry.key());
    if (!path.starts_with('/')) paths.member(path).fail("a path must start with '/'");
    const Node path_item = resolve_ref(paths.member(path));
    if (!path_item.is_object()) path_item.fail("must be a path item object");
    for (std::string_view method : kMethods) {
      if (path_item.member(method).present())
        import_operation(root, server, path, path_item, std::string(method), collector);
    }
  }
  return collector.finish();
}

}  // namespace walletfuzz::importers::detail
