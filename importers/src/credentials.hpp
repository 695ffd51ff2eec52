#pragma once
// Credentials out of imported requests: every cookie, every Authorization value and every other
// field whose name or shape says it holds a secret becomes a ${ENV:NAME} placeholder (the one
// syntax replay resolves, loadgen/env_placeholders.hpp), so no importer writes one in clear.
#include <set>
#include <string>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::importers::detail {

class CredentialScrubber {
 public:
  /// Replaces the credentials of `request` in place: header values (Cookie pair by pair, an
  /// Authorization scheme kept), query parameters, and form or JSON body members whose name is
  /// sensitive (detectors::is_sensitive_name) or whose value has a secret's shape.
  void scrub(Request& request);
  /// The variables the placeholders written so far use.
  const std::set<std::string>& variables() const noexcept { return variables_; }
  /// The placeholder of variable `name`, recorded as used.
  std::string placeholder(const std::string& name);

 private:
  std::string scrub_query(std::string_view query);
  std::string scrub_form(std::string_view form, const std::string& prefix);
  std::string scrub_cookie(std::string_view cookie);
  std::set<std::string> variables_;
};

/// True when `value` holds a secret by its shape alone (vendor token, JWT, private key).
bool has_secret_shape(std::string_view value);

/// Standard base64 with padding.
std::string encode_base64(std::string_view bytes);

}  // namespace walletfuzz::importers::detail
