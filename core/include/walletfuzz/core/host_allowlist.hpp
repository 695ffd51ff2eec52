#pragma once
// Which hosts a load may be sent to: the one matching that `validate` checks a scenario's target
// with and the load generator enforces before the first request. A scenario always allows the
// loopback names localhost, 127.0.0.1 and ::1 (other 127.x addresses must be listed like any
// host); any other host must be named, exactly or as "*.domain" (subdomains, not the domain).
//
//   walletfuzz::is_host_allowed({"*.example.com"}, "api.example.com");  // true
//   walletfuzz::is_host_allowed({}, "127.0.0.1");                       // true: loopback
//   walletfuzz::host_matches({"localhost"}, "127.0.0.1");               // false: not listed

#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz {

/// The loopback names a scenario always allows: "localhost", "127.0.0.1", "::1".
const std::vector<std::string>& loopback_hosts();

/// True for one of loopback_hosts() (any case; IPv6 with or without brackets).
bool is_loopback_host(std::string_view host);

/// True when `host` matches an entry of `allow_hosts`: exactly (case-insensitive; a bracketed
/// IPv6 entry or host matches its bare form) or as "*.domain". The load generator's check: its
/// list already holds the loopback names.
bool host_matches(const std::vector<std::string>& allow_hosts, std::string_view host);

/// is_loopback_host(host) || host_matches(allow_hosts, host): a scenario's rule.
bool is_host_allowed(const std::vector<std::string>& allow_hosts, std::string_view host);

}  // namespace walletfuzz
