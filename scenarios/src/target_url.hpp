#pragma once
// The parts of a target URL walletfuzz needs (scheme, host, port, base path), and host matching
// for the allowlist.

#include <optional>
#include <string>
#include <string_view>

namespace walletfuzz::scenarios::detail {

struct UrlParts {
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< lower case; IPv6 without brackets
  unsigned port = 0;   ///< explicit, or 80/443
  std::string path;    ///< without a trailing '/', "" for the root
};

/// Parses "http(s)://host[:port][/path]". On failure returns nullopt and sets `error` to what is
/// wrong ("the port must be 1-65535"). Queries, fragments and user info are refused: a base URL
/// has none, and user info would put a credential into reports.
std::optional<UrlParts> parse_target_url(std::string_view url, std::string& error);

/// True for "localhost", 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

/// An allowlist entry is a host name, an IP address or "*.domain". Returns an error text or "".
std::string check_host_pattern(std::string_view pattern);

}  // namespace walletfuzz::scenarios::detail
