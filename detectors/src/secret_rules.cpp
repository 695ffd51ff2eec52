// Secrets: a key shape, plus entropy, plus context, never a bare high-entropy string (base64
// blobs, hashes and UUIDs are everywhere in clean responses). Shapes and thresholds follow
// gitleaks (aws.go, generic.go, jwt.go, privatekey.go), trufflehog (aws common.go,
// session_keys) and detect-secrets (jwt.py: the header must decode to JSON).

#include <algorithm>
#include <array>

#include "excerpt.hpp"
#include "key_value.hpp"
#include "rule.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors::detail {
namespace {

Trigger lit(std::string text) {
  return Trigger{std::move(text), false};
}
Trigger nocase(std::string text) {
  return Trigger{std::move(text), true};
}

// --- tokens of a known shape (walletfuzz/detectors/redaction.hpp's table) -------------------

// One rule over the shapes of the table that `select` picks and that are leaks. The table says
// what a token looks like; this rule adds what makes one a leak rather than documentation: a
// body with the entropy of a real key and no placeholder word ("AKIAIOSFODNN7EXAMPLE").
class TokenShapeRule final : public SingleSecretRule {
 public:
  TokenShapeRule(std::string_view id, bool (*select)(const SecretShape&))
      : SingleSecretRule(id, kFamilySecret, Severity::high, triggers(select)), select_(select) {}

  std::vector<SecretMatch> find_secrets(std::string_view text, std::size_t b,
                                        std::size_t) const override {
    for (const SecretShape& shape : secret_shapes()) {
      if (!shape.leak || !select_(shape)) continue;
      std::size_t n = token_length(shape, text, b);
      if (n == 0) continue;
      std::string_view body = text.substr(b + shape.prefix.size(), n - shape.prefix.size());
      if (shannon_entropy(text.substr(b, n)) < 3.0 || is_placeholder(body)) return {};
      return {{b, b + n, std::string(shape.kind), b > 48 ? b - 48 : 0}};
    }
    return {};
  }

 private:
  static std::vector<Trigger> triggers(bool (*select)(const SecretShape&)) {
    std::vector<Trigger> out;
    for (const SecretShape& shape : secret_shapes()) {
      if (shape.leak && select(shape)) out.push_back(lit(std::string(shape.prefix)));
    }
    return out;
  }

  bool (*select_)(const SecretShape&);
};

bool is_aws_key_id(const SecretShape& shape) {
  return shape.kind == "aws-access-key-id";
}
bool is_vendor_token(const SecretShape& shape) {
  return !is_aws_key_id(shape);
}

// --- values named by a key: AWS secret access key, session token ------------------------------

struct KeyedValueShape {
  std::size_t min_size, max_size;
  double min_entropy;
};

class KeyedValueRule final : public SingleSecretRule {
 public:
  KeyedValueRule(std::string_view id, std::vector<Trigger> triggers, KeyedValueShape shape)
      : SingleSecretRule(id, kFamilySecret, Severity::high, std::move(triggers)), shape_(shape) {}

  std::vector<SecretMatch> find_secrets(std::string_view text, std::size_t b,
                                        std::size_t e) const override {
    Span key = key_around(text, b, e);
    auto value = value_after_key(text, key.end);
    if (!value) return {};
    std::string_view v = text.substr(value->begin, value->size());
    // Cut at the first character outside base64 (a quote-less value ends at punctuation).
    std::size_t n = 0;
    while (n < v.size() && (is_base64_char(v[n]) || v[n] == '=')) ++n;
    // (';' ends a value in a connection string: "AccountKey=...;EndpointSuffix=...")
    if (n < v.size() && v[n] != '"' && v[n] != '\'' && v[n] != ';') return {};
    v = v.substr(0, n);
    if (v.size() < shape_.min_size || v.size() > shape_.max_size) return {};
    // A 40-character hex string is a hash, not a key (trufflehog PR #619).
    if (std::all_of(v.begin(), v.end(), is_hex)) return {};
    if (v.find("EXAMPLE") != std::string_view::npos || shannon_entropy(v) < shape_.min_entropy) {
      return {};
    }
    return {{value->begin, value->begin + v.size(), std::string(id().substr(7)), key.begin}};
  }

 private:
  KeyedValueShape shape_;
};

// --- private keys ------------------------------------------------------------------------------

class PrivateKeyRule final : public Rule {
 public:
  PrivateKeyRule()
      : Rule("secret.private-key", kFamilySecret, Severity::high,
             {lit("-----BEGIN "), lit("PuTTY-User-Key-File-")}) {}

  std::optional<Evidence> verify(std::string_view text, std::size_t b, std::size_t) const override {
    auto key = locate(text, b);
    if (!key) return std::nullopt;
    std::string_view material = text.substr(key->header_end, key->material_end - key->header_end);
    // The material starts on the next line: its first characters, not a line break, are shown.
    std::size_t shown = material.find_first_not_of(" \r\n\\");
    std::string excerpt =
        make_excerpt(text, b, key->header_end, 80) + " " +
        redact(material.substr(shown == std::string_view::npos ? material.size() : shown));
    return Evidence{b, key->material_end, std::move(excerpt), std::string(material)};
  }

  std::vector<SecretMatch> find_secrets(std::string_view text, std::size_t b,
                                        std::size_t) const override {
    auto key = locate(text, b);
    if (!key) return {};
    // The whole block goes, its END line included, as the redactor's own PEM pass does.
    std::size_t end = key->material_end;
    if (text.substr(end, 9) == "-----END ") {
      std::size_t close = text.find("-----", end + 9);
      if (close != std::string_view::npos && close - end < 120) end = close + 5;
    }
    return {{b, end, "private-key", b}};
  }

 private:
  struct Located {
    std::size_t header_end, material_end;
  };

  static std::optional<Located> locate(std::string_view text, std::size_t b) {
    std::size_t header_end;
    if (text[b] == 'P') {  // PuTTY: "PuTTY-User-Key-File-2: ssh-rsa" ... "Private-Lines: N"
      auto lines = text.substr(b, 4096).find("Private-Lines:");
      if (lines == std::string_view::npos) return std::nullopt;
      header_end = b + lines + 14;
    } else {
      std::size_t header = private_key_header_length(text, b);
      if (header == 0) return std::nullopt;
      header_end = b + header;
    }
    // The key material: at least 64 base64 characters, across (possibly escaped) newlines and
    // PEM headers such as "Proc-Type:". "..." placeholders in documentation stop it early.
    std::size_t i = header_end, material = 0;
    while (i < text.size() && i - header_end < 16384) {
      char c = text[i];
      if (is_base64_char(c) || c == '=') {
        ++material;
      } else if (c == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'r')) {
        ++i;
      } else if (!(c == '\n' || c == '\r' || c == ' ' || c == ':' || c == ',' || c == '-')) {
        break;
      }
      if (c == '-' && text.substr(i, 5) == "-----") break;
      ++i;
    }
    if (material < 64) return std::nullopt;
    return Located{header_end, i};
  }
};

// --- JSON Web Tokens ---------------------------------------------------------------------------

int base64url_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

std::string base64url_decode(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = base64url_value(c);
    if (v < 0) break;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

class JwtRule final : public SingleSecretRule {
 public:
  JwtRule() : SingleSecretRule("secret.jwt", kFamilySecret, Severity::medium, {lit("eyJ")}) {}

  std::vector<SecretMatch> find_secrets(std::string_view text, std::size_t b,
                                        std::size_t) const override {
    std::size_t n = jwt_length(text, b);
    if (n == 0) return {};
    std::size_t i = b + n;
    std::size_t first_dot = text.find('.', b);
    std::string header = base64url_decode(text.substr(b, first_dot - b));
    if (header.empty() || header[0] != '{' || header.find("\"alg\"") == std::string::npos) {
      return {};
    }
    // A token endpoint's job is to return tokens: the value of access_token, id_token,
    // refresh_token or token is the response working as designed, not a leak.
    if (auto key = key_before_value(text, b)) {
      std::string name = lowercase(text.substr(key->begin, key->size()));
      name.erase(
          std::remove_if(name.begin(), name.end(), [](char c) { return c == '_' || c == '-'; }),
          name.end());
      if (name == "accesstoken" || name == "idtoken" || name == "refreshtoken" || name == "token" ||
          name == "jwt") {
        return {};
      }
    }
    return {{b, i, "jwt", b > 48 ? b - 48 : 0}};
  }
};

// --- passwords in connection strings -----------------------------------------------------------

// A database or broker URL with a password in its userinfo (RFC 3986 scheme://user:password@host,
// as DATABASE_URL, SQLAlchemy, JDBC, MongoDB, Redis and AMQP clients take it). The scheme names
// a data store, the user and the host are there, and the password is not a documentation word.
class ConnectionStringRule final : public SingleSecretRule {
 public:
  ConnectionStringRule()
      : SingleSecretRule("secret.connection-string", kFamilySecret, Severity::high, triggers()) {}

  std::vector<SecretMatch> find_secrets(std::string_view text, std::size_t b,
                                        std::size_t e) const override {
    // "postgresql+psycopg2://": the driver suffix sits between the scheme and "://".
    std::size_t sep = text.substr(b, e - b + 40).find("://");
    if (sep == std::string_view::npos) return {};
    std::size_t user = b + sep + 3, i = user;
    auto userinfo = [](char c) {
      return c != ':' && c != '/' && c != '@' && c != '"' && c != '\'' && c != '\\' && c != ' ' &&
             c != '\n' && c != '\r' && c != '\t' && c != '<' && c != '>';
    };
    while (i < text.size() && i - user < 128 && userinfo(text[i])) ++i;
    if (i == user || i >= text.size() || text[i] != ':') return {};
    std::size_t password = ++i;
    while (i < text.size() && i - password < 256 && (userinfo(text[i]) || text[i] == ':')) ++i;
    if (i >= text.size() || text[i] != '@' || i - password < 4) return {};
    // A host after the '@'.
    if (i + 1 >= text.size() || !is_alnum(text[i + 1])) return {};
    std::string_view value = text.substr(password, i - password);
    static constexpr std::string_view kDocWords[] = {"password", "passwd", "pass",    "pwd",
                                                     "secret",   "mypass", "yourpass"};
    std::string lower = lowercase(value);
    for (auto word : kDocWords) {
      if (lower == word || lower == std::string("my") + std::string(word)) return {};
    }
    if (is_placeholder(value) || lower.find("password") != std::string::npos ||
        value == text.substr(user, password - 1 - user) || shannon_entropy(value) < 2.5) {
      return {};
    }
    return {{password, i, "connection-string-password", b}};
  }

 private:
  static std::vector<Trigger> triggers() {
    std::vector<Trigger> out;
    for (const char* scheme :
         {"postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss",
          "amqp", "amqps", "mssql", "sqlserver", "oracle", "cockroachdb", "clickhouse"}) {
      out.push_back(Trigger{std::string(scheme) + "://", true});
      out.push_back(Trigger{std::string(scheme) + "+", true});
    }
    return out;
  }
};

}  // namespace

void add_secret_rules(std::vector<std::unique_ptr<Rule>>& rules) {
  rules.push_back(std::make_unique<TokenShapeRule>("secret.aws-access-key-id", is_aws_key_id));
  rules.push_back(std::make_unique<KeyedValueRule>(
      "secret.aws-secret-access-key",
      std::vector<Trigger>{nocase("secret_access_key"), nocase("secretaccesskey"),
                           nocase("secret-access-key"), nocase("aws_secret_key")},
      KeyedValueShape{40, 40, 4.0}));
  rules.push_back(std::make_unique<KeyedValueRule>(
      "secret.aws-session-token",
      std::vector<Trigger>{nocase("session_token"), nocase("sessiontoken"),
                           nocase("security-token"), nocase("security_token"),
                           nocase("securitytoken")},
      KeyedValueShape{100, 4096, 4.5}));
  // Azure Storage and Service Bus connection strings: "AccountKey=<base64>;" and
  // "SharedAccessKey=<base64>;" (a 64-byte or 32-byte key, base64-encoded).
  rules.push_back(std::make_unique<KeyedValueRule>(
      "secret.azure-account-key", std::vector<Trigger>{lit("AccountKey"), lit("SharedAccessKey")},
      KeyedValueShape{40, 100, 4.0}));
  rules.push_back(std::make_unique<PrivateKeyRule>());
  rules.push_back(std::make_unique<JwtRule>());
  rules.push_back(std::make_unique<TokenShapeRule>("secret.vendor-token", is_vendor_token));
  rules.push_back(std::make_unique<ConnectionStringRule>());
  add_environment_rules(rules);
}

}  // namespace walletfuzz::detectors::detail
