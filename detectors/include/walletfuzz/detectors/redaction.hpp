#pragma once
// The one home of secret shapes and redaction. The leak detector's secret rules and every text
// a report shows use the same table, so a secret the detector reports is always one the
// reports hide, and the two can no longer drift apart (they used to: different prefixes,
// different length bounds, different lists of sensitive names).
//
//   walletfuzz::detectors::redact_secrets("GET /?api_key=abc123 HTTP/1.1\r\nAuthorization: Bearer
//   x")
//   // -> "GET /?api_key=[REDACTED:api_key] HTTP/1.1\r\nAuthorization: Bearer
//   [REDACTED:authorization]"
//
//   walletfuzz::detectors::redact("AKIAZ7QF4XKQ2WJ3LPRA")  // -> "AKIA…(20 chars)"
//
// Everything here runs in linear time without backtracking, and redacting redacted text
// changes nothing.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace walletfuzz::detectors {

/// The characters a token's body is made of.
enum class TokenAlphabet {
  upper_digit,  ///< A-Z 0-9 (AWS key ids)
  alnum,        ///< A-Z a-z 0-9
  base64url,    ///< A-Z a-z 0-9 _ -
};

/// A secret recognisable by its own shape wherever it appears: a vendor prefix followed by a
/// body of `min_body`..`max_body` characters of one alphabet (gitleaks-style).
struct SecretShape {
  std::string_view prefix;  ///< "ghp_"
  std::string_view kind;    ///< "github-token": the redaction marker names it
  TokenAlphabet alphabet;
  std::size_t min_body;
  std::size_t max_body;
  /// Whether the leak detector reports it. False for shapes that reports hide but that are
  /// not a leak by themselves: Stripe test-mode keys (Stripe's own docs publish one; they move
  /// no money) and the unique ids of IAM groups, users and roles (identifiers, not credentials).
  bool leak;
};

/// The table of secret shapes (one entry per prefix), used by the detector and the redactor.
std::span<const SecretShape> secret_shapes() noexcept;

/// Length of the token of `shape` starting at text[at] (prefix included), or 0 when there is
/// none: the prefix must start a word (no letter or digit before it) and the body, the longest
/// run of the shape's alphabet after the prefix, must be within the shape's bounds.
std::size_t token_length(const SecretShape& shape, std::string_view text, std::size_t at) noexcept;

/// The first shape whose token starts at text[at], with its length; {nullptr, 0} when none.
struct ShapeMatch {
  const SecretShape* shape = nullptr;
  std::size_t length = 0;
};
ShapeMatch match_secret_shape(std::string_view text, std::size_t at) noexcept;

/// Length of the JSON Web Token starting at text[at], or 0: three base64url parts separated by
/// dots, the first two starting "eyJ" (a JSON object) and at least 10 characters long, at the
/// start of a word. The signature may be empty (an unsigned token is still a credential).
std::size_t jwt_length(std::string_view text, std::size_t at) noexcept;

/// Length of a "-----BEGIN <label>-----" line starting at text[at] whose label names a private
/// key ("RSA PRIVATE KEY", "OPENSSH PRIVATE KEY"), or 0.
std::size_t private_key_header_length(std::string_view text, std::size_t at) noexcept;

/// True when a header, parameter, JSON member or variable called `name` holds a secret by its
/// name alone ("Authorization", "x-api-key", "client_secret", "DB_PWD").
bool is_sensitive_name(std::string_view name);

/// A known secret made safe to print: at most 4 leading characters (fewer for short secrets,
/// so that at most a quarter shows), an ellipsis and the length:
/// redact("AKIAZ7QF4XKQ2WJ3LPRA") == "AKIA…(20 chars)".
std::string redact(std::string_view secret);

/// Registers a secret this process knows by its value (a `${ENV:NAME}` placeholder replay
/// resolved for sending): from then on redact_secrets replaces every occurrence of it with
/// "[REDACTED:env]", whatever its shape. Thread-safe. Values shorter than 4 characters are not
/// registered: they cannot be a credential, and hiding them would blank unrelated digits.
void add_known_secret(std::string_view value);

/// How hard redact_secrets looks.
struct RedactionOptions {
  /// Also replace tokens that no shape or name identifies but that look random (16 or more
  /// characters, letters and digits, at least 3.3 bits of entropy per character), and values
  /// of 6 or more characters after a sensitive name anywhere in a line ("… password: hunter22").
  /// The detector's excerpts use this: they are cut from response bodies, where an unknown
  /// kind of secret may sit beside the evidence. Reports do not: their texts are requests and
  /// findings whose ids, hashes and signatures a reader needs to see.
  bool random_tokens = false;
};

/// `text` with every recognised secret replaced by "[REDACTED:<kind>]":
///   - every secret the leak detector reports (LeakDetector::find_secrets: its own matching, so
///     each spelling it knows, e.g. an AWS secret access key as `key: v` mid-line, `KEY:v`,
///     `{key: v}`, `'key': 'v'`, `<SecretAccessKey>v</SecretAccessKey>`, `export K="v"`,
///     `k = v`, or the credentials of an environment dump);
///   - secret shapes anywhere (secret_shapes(), JSON Web Tokens, whole PEM private key blocks,
///     even when cut short, and the password of scheme://user:password@host);
///   - values of sensitive names: "Name: value" lines (HTTP headers, YAML, env dumps; an
///     authorization scheme such as "Bearer" is kept), name=value pairs (queries, forms,
///     cookies) and JSON string members ("client_secret": "..."), whatever their length.
/// Secrets registered with add_known_secret are replaced first, as "[REDACTED:env]".
std::string redact_secrets(std::string_view text, RedactionOptions options = {});

}  // namespace walletfuzz::detectors
