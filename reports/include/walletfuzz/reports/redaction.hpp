#pragma once
// Redaction of secrets in the text that reports show: request lines, headers, bodies, finding
// summaries. Reports must never contain a leaked secret in full (DESIGN.md, "Safety"), and they
// may depend only on core and cost_model, so this is a small redactor of its own rather than the
// detectors' scanner: it knows the shapes that matter in requests and responses and replaces the
// secret part with "[REDACTED:<rule>]", keeping the surrounding text readable.
//
//   redact_secrets("GET /?api_key=abc123 HTTP/1.1\r\nAuthorization: Bearer eyJ...")
//   // -> "GET /?api_key=[REDACTED:api_key] HTTP/1.1\r\nAuthorization: Bearer
//   [REDACTED:authorization]"
//
// What it recognises (linear time, no backtracking):
//   - token shapes anywhere: AWS access key ids (AKIA/ASIA...), GitHub tokens (ghp_, github_pat_),
//     Slack tokens (xox?-), Stripe keys (sk_live_), Google API keys (AIza...), JSON Web Tokens,
//     PEM private key blocks, passwords in URLs (scheme://user:password@host);
//   - values of sensitive names: header lines and "name: value" lines (Authorization, Cookie,
//     Set-Cookie, X-Api-Key, anything naming a password, secret, token, key or credential),
//     query/form pairs (password=...), and JSON string members ("client_secret": "...").
// Redacting redacted text changes nothing.

#include <string>
#include <string_view>

namespace walletfuzz::reports {

/// `text` with every recognised secret replaced by "[REDACTED:<rule>]".
std::string redact_secrets(std::string_view text);

/// True when a header, parameter or JSON member called `name` holds a secret by its name alone
/// ("Authorization", "x-api-key", "client_secret", "PASSWORD").
bool is_sensitive_name(std::string_view name);

}  // namespace walletfuzz::reports
