// The `target` and `functions` sections: what walletfuzz sends to, and the functions behind it.
#include <cctype>

#include "parse_context.hpp"
#include "target_url.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::scenarios::detail {
namespace {

const std::vector<std::pair<std::string, SampleVariant>> kVariants = {
    {"vulnerable", SampleVariant::vulnerable}, {"fixed", SampleVariant::fixed}};

// The Host header inline requests get; replay rewrites it to the target anyway.
std::string default_host(const Target& target) {
  if (target.kind == TargetKind::url && !target.host.empty()) return target.host;
  return "127.0.0.1";
}

// "GET /orders?id=1": the shorthand for a request with no headers or body.
std::optional<Request> parse_shorthand(ParseContext& ctx, const YAML::Node& node,
                                       const std::string& field) {
  auto text = read_string(ctx, node, field);
  if (!text) return std::nullopt;
  std::size_t space = text->find(' ');
  std::string method = text->substr(0, space);
  std::string path = space == std::string::npos ? "" : text->substr(space + 1);
  bool method_ok = !method.empty() && std::all_of(method.begin(), method.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c));
  });
  if (!method_ok || path.empty() || path.front() != '/' ||
      path.find_first_of(" \t\r\n") != std::string::npos) {
    ctx.report(node.Mark(), field, "expected 'METHOD /path', got " + describe(node),
               "e.g. 'GET /orders?id=42'; use {method, path, headers, body} or {file} for more");
    return std::nullopt;
  }
  Request request;
  request.method = std::move(method);
  request.target = std::move(path);
  request.headers.set("Host", default_host(ctx.scenario.target));
  return request;
}

std::optional<Request> parse_inline(ParseContext& ctx, MapReader& map) {
  Request request;
  map.read("method", request.method);
  if (!map.read("path", request.target) && !map.has("path")) {
    map.missing("path", "the request path, e.g. path: /orders?id=42");
    return std::nullopt;
  }
  if (request.target.empty() || request.target.front() != '/' ||
      request.target.find_first_of(" \t\r\n") != std::string::npos) {
    ctx.report(map.get("path").Mark(), map.field("path"), "must start with '/' and have no spaces",
               "percent-encode spaces as %20");
  }
  bool method_ok = !request.method.empty() &&
                   std::all_of(request.method.begin(), request.method.end(),
                               [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  if (!method_ok) {
    ctx.report(map.get("method").Mark(), map.field("method"), "must be an upper-case HTTP method",
               "e.g. GET, POST, PUT");
  }
  YAML::Node headers = map.get("headers");
  if (headers.IsDefined() && !headers.IsNull()) {
    std::string headers_field = map.field("headers");
    if (!headers.IsMap()) {
      ctx.report(headers.Mark(), headers_field,
                 "expected a map of header names to values, got " + describe(headers));
    } else {
      for (auto it = headers.begin(); it != headers.end(); ++it) {
        auto name = read_string(ctx, it->first, headers_field);
        if (!name) continue;
        std::string item = join_field(headers_field, *name);
        auto value = read_string(ctx, it->second, item);
        if (!value) continue;
        bool name_ok = !name->empty() && name->find_first_of(" \t\r\n:") == std::string::npos;
        if (!name_ok || value->find_first_of("\r\n") != std::string::npos) {
          ctx.report(it->first.Mark(), item, "is not a valid header line",
                     "header names have no spaces or colons; values are one line");
          continue;
        }
        // Content-Length is computed from the body; a written one could only disagree with it.
        if (!iequals(*name, "Content-Length")) request.headers.add(*name, *value);
      }
    }
  }
  map.read("body", request.body);
  if (!request.headers.contains("Host"))
    request.headers.set("Host", default_host(ctx.scenario.target));
  return request;
}

// Returns false when the request could not be read (already reported).
bool read_request_file(ParseContext& ctx, MapReader& map, BaselineRequest& baseline) {
  if (!map.read_path("file", baseline.file)) return false;
  if (!ctx.options.read_files) {
    // The request is unknown, so checks of it (does it match the route?) are skipped.
    ctx.failed_fields.insert(map.field());
    return true;
  }
  const YAML::Mark mark = map.get("file").Mark();
  const std::string field = map.field("file");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(baseline.file, ec)) {
    bool exists = std::filesystem::exists(baseline.file, ec);
    ctx.report(mark, field,
               "cannot read " + baseline.file.string() +
                   (exists ? ": not a regular file" : ": no such file"),
               "paths are relative to the scenario file's directory");
    return false;
  }
  try {
    std::string bytes = read_file(baseline.file, ctx.options.max_file_bytes);
    ParseOutcome parsed = parse_request(bytes);
    if (!parsed.request) {
      ctx.report(mark, field, baseline.file.string() + " is not a request file: " + parsed.error,
                 "a request file is one raw HTTP/1.1 request with CRLF line ends");
      return false;
    }
    baseline.request = std::move(*parsed.request);
    return true;
  } catch (const InputError& e) {
    ctx.report(mark, field, "cannot read " + baseline.file.string() + ": " + e.message(), e.hint());
    return false;
  }
}

void parse_baseline(ParseContext& ctx, const YAML::Node& list, const std::string& field,
                    std::vector<BaselineRequest>& out) {
  if (!list.IsSequence()) {
    ctx.report(list.Mark(), field, "expected a list of requests, got " + describe(list),
               "one '- GET /path' or '- file: x.http' per line");
    return;
  }
  ctx.note(list.Mark(), field);
  const std::size_t problems_before = ctx.problems.size();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    std::string item_field = index_field(field, i);
    BaselineRequest baseline;
    if (item.IsMap() && item["file"].IsDefined()) {
      MapReader map(ctx, item, item_field, {"file"});
      if (!read_request_file(ctx, map, baseline)) continue;
    } else if (item.IsMap()) {
      MapReader map(ctx, item, item_field, {"method", "path", "headers", "body"});
      auto request = parse_inline(ctx, map);
      if (!request) continue;
      baseline.request = std::move(*request);
    } else {
      auto request = parse_shorthand(ctx, item, item_field);
      if (!request) continue;
      baseline.request = std::move(*request);
    }
    out.push_back(std::move(baseline));
  }
  // A list with a broken entry is not "empty"; checks of the whole list would mislead.
  if (ctx.problems.size() != problems_before) ctx.failed_fields.insert(field);
}

void parse_function(ParseContext& ctx, const YAML::Node& node, const std::string& field) {
  MapReader map(ctx, node, field,
                {"name", "route", "method", "baseline", "provider", "arch", "memory_mb",
                 "timeout_ms", "reserved_concurrency", "expect"});
  FunctionSpec function;
  if (!map.read("name", function.name) && !map.has("name")) {
    map.missing("name", "the handler's name, e.g. name: search-orders");
  }
  map.read("route", function.route);
  map.read("method", function.method);
  map.read("provider", function.provider);
  map.read("arch", function.arch);
  map.read("memory_mb", function.memory_mb);
  map.read("timeout_ms", function.timeout_ms);
  map.read("reserved_concurrency", function.reserved_concurrency);
  if (map.has("baseline"))
    parse_baseline(ctx, map.get("baseline"), map.field("baseline"), function.baseline);
  if (map.has("expect"))
    parse_expect(ctx, map.get("expect"), map.field("expect"), function.expect.emplace());
  ctx.scenario.functions.push_back(std::move(function));
}

}  // namespace

void parse_target(ParseContext& ctx, const YAML::Node& node) {
  Target& target = ctx.scenario.target;
  MapReader map(ctx, node, "target", {"bundled", "app", "url", "allow_hosts", "insecure_tls"});
  const bool bundled = map.has("bundled");
  const bool app = map.has("app");
  const bool url = map.has("url");
  if (static_cast<int>(bundled) + static_cast<int>(app) + static_cast<int>(url) > 1) {
    map.not_allowed(url ? "url" : "app",
                    "a target is one of the bundled app, an app binary or a url",
                    "keep one of 'bundled', 'app' and 'url'");
  } else if (!bundled && !app && !url) {
    ctx.report(map.mark(), "target", "names neither an application nor a url",
               "write 'bundled: vulnerable', 'app: build/shop' or 'url: https://...' with "
               "allow_hosts");
  }
  if (bundled) {
    target.kind = TargetKind::bundled;
    if (auto variant = read_enum(ctx, map.get("bundled"), map.field("bundled"), kVariants)) {
      target.variant = *variant;
    }
  } else if (app) {
    // The binary itself is checked by whoever runs it (it must be built first), not here.
    target.kind = TargetKind::app;
    map.read_path("app", target.app);
  }
  if (url && !bundled && !app) {
    target.kind = TargetKind::url;
    if (map.read("url", target.url)) {
      std::string error;
      if (auto parts = parse_target_url(target.url, error)) {
        target.scheme = parts->scheme;
        target.host = parts->host;
        target.port = parts->port;
        target.base_path = parts->path;
      }
    }
    if (!map.has("allow_hosts")) {
      map.missing("allow_hosts", "list the hosts walletfuzz may send to, e.g. allow_hosts: [" +
                                     (target.host.empty() ? "staging.example.com" : target.host) +
                                     "]");
    }
  }
  map.read("allow_hosts", target.allow_hosts);
  map.read("insecure_tls", target.insecure_tls);
}

void parse_functions(ParseContext& ctx, const YAML::Node& node) {
  if (!node.IsSequence()) {
    ctx.report(node.Mark(), "functions", "expected a list of functions, got " + describe(node),
               "one '- name: ...' entry per function");
    return;
  }
  ctx.note(node.Mark(), "functions");
  for (std::size_t i = 0; i < node.size(); ++i) {
    parse_function(ctx, node[i], index_field("functions", i));
  }
}

}  // namespace walletfuzz::scenarios::detail
