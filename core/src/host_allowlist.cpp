#include "walletfuzz/core/host_allowlist.hpp"

#include "walletfuzz/core/http.hpp"

namespace walletfuzz {
namespace {

std::string_view unbracketed(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

}  // namespace

const std::vector<std::string>& loopback_hosts() {
  static const std::vector<std::string> hosts{"localhost", "127.0.0.1", "::1"};
  return hosts;
}

bool is_loopback_host(std::string_view host) {
  host = unbracketed(host);
  for (const std::string& name : loopback_hosts()) {
    if (iequals(host, name)) return true;
  }
  return host == "0:0:0:0:0:0:0:1";
}

bool host_matches(const std::vector<std::string>& allow_hosts, std::string_view host) {
  const std::string_view name = unbracketed(host);
  for (const std::string& entry : allow_hosts) {
    const std::string_view pattern = unbracketed(entry);
    if (pattern.starts_with("*.")) {
      const std::string_view domain = pattern.substr(1);  // ".example.com"
      if (name.size() > domain.size() &&
          iequals(name.substr(name.size() - domain.size()), domain)) {
        return true;
      }
    } else if (iequals(pattern, name)) {
      return true;
    }
  }
  return false;
}

bool is_host_allowed(const std::vector<std::string>& allow_hosts, std::string_view host) {
  return is_loopback_host(host) || host_matches(allow_hosts, host);
}

}  // namespace walletfuzz
