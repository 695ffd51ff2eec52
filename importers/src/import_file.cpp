// The dispatcher over the importers, and the pieces they share.
#include <algorithm>

#include "request_building.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/importers/skeleton.hpp"

namespace walletfuzz::importers {
namespace detail {

std::optional<UrlParts> split_url(std::string_view url) {
  std::size_t rest = 0;
  if (url.starts_with("http://")) {
    rest = 7;
  } else if (url.starts_with("https://")) {
    rest = 8;
  } else {
    return std::nullopt;
  }
  UrlParts parts;
  std::string_view tail = url.substr(rest);
  if (const std::size_t hash = tail.find('#'); hash != std::string_view::npos)
    tail = tail.substr(0, hash);
  const std::size_t slash = tail.find_first_of("/?");
  std::string_view authority = tail.substr(0, slash);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    parts.had_user_info = true;  // a password in the URL is never written out
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) return std::nullopt;
  parts.host = std::string(authority);
  parts.target = slash == std::string_view::npos ? "/" : std::string(tail.substr(slash));
  if (parts.target.front() == '?') parts.target.insert(parts.target.begin(), '/');
  return parts;
}

std::string percent_encode(std::string_view text, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || keep.find(c) != std::string_view::npos;
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

void add_recorded_header(Request& request, std::string_view name, std::string_view value) {
  static constexpr std::string_view kDropped[] = {
      "Content-Length", "Connection",       "Keep-Alive", "Transfer-Encoding",
      "Upgrade",        "Proxy-Connection", "TE"};
  if (name.empty() || name.front() == ':') return;
  for (std::string_view dropped : kDropped) {
    if (iequals(name, dropped)) return;
  }
  request.headers.add(name, value);
}

void ImportCollector::add(Request request, std::string path_template, std::string operation_id,
                          std::string source, std::string_view default_host) {
  if (!request.headers.contains("Host")) {
    // Host first, where a client writes it.
    Headers headers;
    headers.add("Host", default_host);
    for (const HeaderField& field : request.headers) headers.add(field.name, field.value);
    request.headers = std::move(headers);
  }
  scrubber_.scrub(request);
  if (path_template.empty()) path_template = detect_path_template(request.path());
  result_.requests.push_back(ImportedRequest{std::move(request), std::move(path_template),
                                             std::move(operation_id), std::move(source)});
}

ImportResult ImportCollector::finish() {
  result_.variables.assign(scrubber_.variables().begin(), scrubber_.variables().end());
  return std::move(result_);
}

}  // namespace detail

std::optional<ImportKind> parse_import_kind(std::string_view name) {
  if (name == "har") return ImportKind::har;
  if (name == "openapi") return ImportKind::openapi;
  if (name == "apigw-event") return ImportKind::apigw_event;
  if (name == "curl") return ImportKind::curl;
  return std::nullopt;
}

std::string import_kind_names() {
  return "har, openapi, apigw-event, curl";
}

ImportResult import_file(ImportKind kind, const std::filesystem::path& file) {
  switch (kind) {
    case ImportKind::har:
      return detail::import_har(file);
    case ImportKind::openapi:
      return detail::import_openapi(file);
    case ImportKind::apigw_event:
      return detail::import_apigw_event(file);
    case ImportKind::curl:
      return detail::import_curl(file);
  }
  throw InputError({file.string(), 0, 0, ""}, "unknown import kind");
}

void append_import(ImportResult& into, ImportResult more) {
  for (auto& request : more.requests) into.requests.push_back(std::move(request));
  for (auto& warning : more.warnings) into.warnings.push_back(std::move(warning));
  for (auto& variable : more.variables) {
    if (std::find(into.variables.begin(), into.variables.end(), variable) == into.variables.end())
      into.variables.push_back(std::move(variable));
  }
  std::sort(into.variables.begin(), into.variables.end());
}

}  // namespace walletfuzz::importers
