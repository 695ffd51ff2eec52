#include "target_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "walletfuzz/core/http.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::scenarios {
namespace detail {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

}  // namespace

std::optional<UrlParts> parse_target_url(std::string_view url, std::string& error) {
  UrlParts parts;
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    error = "is not a URL (expected http://host or https://host)";
    return std::nullopt;
  }
  parts.scheme = lowercase(url.substr(0, scheme_end));
  if (parts.scheme != "http" && parts.scheme != "https") {
    error = "has the scheme '" + parts.scheme + "'; only http and https are supported";
    return std::nullopt;
  }
  std::string_view rest = url.substr(scheme_end + 3);
  std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    error = "contains user info; put credentials in request headers, not in the URL";
    return std::nullopt;
  }
  if (path.find_first_of("?#") != std::string_view::npos) {
    error = "has a query or fragment; a target is a base URL";
    return std::nullopt;
  }
  std::string_view host = authority;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "has an unclosed '[' in its IPv6 address";
      return std::nullopt;
    }
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        error = "has text after its IPv6 address";
        return std::nullopt;
      }
      port_text = after.substr(1);
    }
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) {
      error = "has an invalid IPv6 address";
      return std::nullopt;
    }
  } else {
    std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port_text = authority.substr(colon + 1);
    }
    if (host.empty()) {
      error = "has no host";
      return std::nullopt;
    }
    if (!std::all_of(host.begin(), host.end(), is_host_char)) {
      error = "has invalid characters in its host";
      return std::nullopt;
    }
  }
  parts.host = lowercase(host);
  parts.port = parts.scheme == "https" ? 443 : 80;
  if (!port_text.empty() || authority.ends_with(':')) {
    unsigned port = 0;
    auto [end, code] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (code != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      error = "has an invalid port (expected 1-65535)";
      return std::nullopt;
    }
    parts.port = port;
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  parts.path = std::string(path);
  return parts;
}

std::string check_host_pattern(std::string_view pattern) {
  std::string_view host = pattern;
  if (host.starts_with("*.")) host.remove_prefix(2);
  if (host.empty()) return "is empty";
  if (host.find("://") != std::string_view::npos || host.find('/') != std::string_view::npos) {
    return "is a URL; list only the host name (e.g. staging.example.com)";
  }
  if (host.find('*') != std::string_view::npos) return "may use '*' only as a leading '*.'";
  bool ipv6 = host.find(':') != std::string_view::npos &&
              host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  if (!ipv6 && !std::all_of(host.begin(), host.end(), is_host_char)) {
    return "is not a host name";
  }
  return {};
}

}  // namespace detail

}  // namespace walletfuzz::scenarios
