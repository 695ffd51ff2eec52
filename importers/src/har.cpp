// HAR 1.2 (browsers' "Save all as HAR", proxies' exports): log.entries[].request.
#include "request_building.hpp"
#include "source_document.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::importers::detail {
namespace {

// Chromium marks each entry with the kind of resource that made it; only what a page's code or
// navigation sent reaches an API. Scripts, styles, images and fonts are the CDN's, not the app's.
bool is_api_resource(std::string_view type) {
  return type.empty() || type == "xhr" || type == "fetch" || type == "document" || type == "other";
}

std::string form_body(const Node& params) {
  std::string body;
  for (std::size_t i = 0; i < params.array().size(); ++i) {
    const Node param = params.at(i);
    if (!body.empty()) body += '&';
    body += param.require("name").string();
    body += '=';
    body += param.string_or("value");
  }
  return body;
}

}  // namespace

ImportResult import_har(const std::filesystem::path& file) {
  const SourceDocument doc = read_json_document(file);
  const Node log = Node::root(doc).require("log");
  const Node entries = log.require("entries");
  ImportCollector collector;
  std::size_t skipped_static = 0;
  for (std::size_t i = 0; i < entries.array().size(); ++i) {
    const Node entry = entries.at(i);
    if (!is_api_resource(entry.string_or("_resourceType"))) {
      ++skipped_static;
      continue;
    }
    const Node har_request = entry.require("request");
    Request request;
    request.method = har_request.require("method").string();
    if (request.method == "OPTIONS") continue;  // CORS preflights: the browser's, not the app's
    const Node url = har_request.require("url");
    const std::optional<UrlParts> parts = split_url(url.string());
    if (!parts) {
      collector.warn(doc.file + ": " + url.path() + ": skipped, not an http(s) URL");
      continue;
    }
    request.target = parts->target;
    request.headers.add("Host", parts->host);
    const Node headers = har_request.require("headers");
    for (std::size_t h = 0; h < headers.array().size(); ++h) {
      const Node header = headers.at(h);
      const std::string name = header.require("name").string();
      if (iequals(name, "Host")) continue;
      add_recorded_header(request, name, header.string_or("value"));
    }
    if (!request.headers.contains("Cookie")) {
      const Node cookies = har_request.member("cookies");
      std::string cookie;
      for (std::size_t c = 0; cookies.is_array() && c < cookies.array().size(); ++c) {
        if (!cookie.empty()) cookie += "; ";
        cookie += cookies.at(c).require("name").string() + "=" + cookies.at(c).string_or("value");
      }
      if (!cookie.empty()) request.headers.add("Cookie", cookie);
    }
    const Node post = har_request.member("postData");
    if (post.present()) {
      const Node text = post.member("text");
      if (text.present()) {
        request.body = text.string();
      } else if (post.member("params").present()) {
        request.body = form_body(post.member("params"));
      }
      const std::string mime = post.string_or("mimeType");
      if (!mime.empty() && !request.headers.contains("Content-Type"))
        request.headers.add("Content-Type", mime);
    }
    collector.add(std::move(request), "", "", doc.file + ": " + entry.path());
  }
  if (skipped_static > 0) {
    collector.warn(doc.file + ": skipped " + std::to_string(skipped_static) +
                   " entries of static resources (scripts, styles, images, fonts)");
  }
  return collector.finish();
}

}  // namespace walletfuzz::importers::detail
