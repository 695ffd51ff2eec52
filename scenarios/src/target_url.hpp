#pragma once
// The parts of a target URL walletfuzz needs (scheme, host, port, base path), and the form of an
// allowlist entry (matching is core's, walletfuzz/core/host_allowlist.hpp).

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

/// An allowlist entry is a host name, an IP address or "*.domain". Returns an error text or "".
std::string check_host_pattern(std::string_view pattern);

}  // namespace walletfuzz::scenarios::detail
