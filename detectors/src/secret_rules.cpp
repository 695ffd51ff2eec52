// Secrets: a key shape, plus entropy, plus context, never a bare high-entropy string (base64
// blobs, hashes and UUIDs are everywhere in clean responses). Shapes and thresholds follow
// gitleaks (aws.go, generic.go, jwt.go, privatekey.go), trufflehog (aws common.go,
// session_keys) and detect-secrets (jwt.py: the header must decode to JSON).

#include <algorithm>
#include <array>

#include "key_value.hpp"
#include "redaction.hpp"
#include "rule.hpp"

namespace walletfuzz::detectors::detail {
namespace {

Trigger lit(std::string text) {
  return Trigger{std::move(text), false};
}
Trigger nocase(std::string text) {
  return Trigger{std::move(text), true};
}

// --- AWS access key id -----------------------------------------------------------------------

class AwsAccessKeyIdRule final : public Rule {
 public:
  AwsAccessKeyIdRule()
      : Rule("secret.aws-access-key-id", kFamilySecret, Severity::high,
             {lit("AKIA"), lit("ASIA"), lit("ABIA"), lit("ACCA")}) {}

  std::optional<Evidence> verify(std::string_view text, std::size_t b, std::size_t) const override {
    if (b > 0 && is_alnum(text[b - 1])) return std::nullopt;
    std::size_t end = b + 20;
    if (end > text.size()) return std::nullopt;
    for (std::size_t i = b + 4; i < end; ++i) {
      char c = text[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return std::nullopt;
    }
    if (end < text.size() && is_alnum(text[end])) return std::nullopt;
    std::string_view key = text.substr(b, 20);
    // AWS documentation keys end in EXAMPLE (AKIAIOSFODNN7EXAMPLE).
    if (key.substr(13) == "EXAMPLE" || shannon_entropy(key) < 3.0) return std::nullopt;
    return secret_evidence(text, b, end, b > 48 ? b - 48 : 0);
  }
};

// --- values named by a key: AWS secret access key, session token ------------------------------

struct KeyedValueShape {
  std::size_t min_size, max_size;
  double min_entropy;
};

class KeyedValueRule final : public Rule {
 public:
  KeyedValueRule(std::string_view id, std::vector<Trigger> triggers, KeyedValueShape shape)
      : Rule(id, kFamilySecret, Severity::high, std::move(triggers)), shape_(shape) {}

  std::optional<Evidence> verify(std::string_view text, std::size_t b,
                                 std::size_t e) const override {
    Span key = key_around(text, b, e);
    auto value = value_after_key(text, key.end);
    if (!value) return std::nullopt;
    std::string_view v = text.substr(value->begin, value->size());
    // Cut at the first character outside base64 (a quote-less value ends at punctuation).
    std::size_t n = 0;
    while (n < v.size() && (is_base64_char(v[n]) || v[n] == '=')) ++n;
    if (n < v.size() && v[n] != '"' && v[n] != '\'') return std::nullopt;
    v = v.substr(0, n);
    if (v.size() < shape_.min_size || v.size() > shape_.max_size) return std::nullopt;
    // A 40-character hex string is a hash, not a key (trufflehog PR #619).
    if (std::all_of(v.begin(), v.end(), is_hex)) return std::nullopt;
    if (v.find("EXAMPLE") != std::string_view::npos || shannon_entropy(v) < shape_.min_entropy) {
      return std::nullopt;
    }
    return secret_evidence(text, value->begin, value->begin + v.size(), key.begin);
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

  std::optional<Evidence> verify(std::string_view text, std::size_t b,
                                 std::size_t e) const override {
    std::size_t header_end;
    if (text[b] == 'P') {  // PuTTY: "PuTTY-User-Key-File-2: ssh-rsa" ... "Private-Lines: N"
      auto lines = text.substr(b, 4096).find("Private-Lines:");
      if (lines == std::string_view::npos) return std::nullopt;
      header_end = b + lines + 14;
    } else {
      auto close = text.substr(e, 120).find("-----");
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view label = text.substr(e, close);
      if (label.find("PRIVATE KEY") == std::string_view::npos) return std::nullopt;
      header_end = e + close + 5;
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
    std::string excerpt = make_excerpt(text, b, header_end, 80) + " " +
                          redact(text.substr(header_end, i - header_end));
    return Evidence{b, i, std::move(excerpt), std::string(text.substr(header_end, i - header_end))};
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

class JwtRule final : public Rule {
 public:
  JwtRule() : Rule("secret.jwt", kFamilySecret, Severity::medium, {lit("eyJ")}) {}

  std::optional<Evidence> verify(std::string_view text, std::size_t b, std::size_t) const override {
    if (b > 0 && is_base64url_char(text[b - 1])) return std::nullopt;
    std::size_t i = b;
    std::array<Span, 3> parts;
    for (int part = 0; part < 3; ++part) {
      std::size_t start = i;
      while (i < text.size() && is_base64url_char(text[i]) && i - start < 8192) ++i;
      parts[static_cast<std::size_t>(part)] = {start, i};
      if (i - start < 10) return std::nullopt;
      if (part < 2) {
        if (i >= text.size() || text[i] != '.') return std::nullopt;
        ++i;
      }
    }
    if (text.substr(parts[1].begin, 3) != "eyJ") return std::nullopt;
    std::string header = base64url_decode(text.substr(parts[0].begin, parts[0].size()));
    if (header.empty() || header[0] != '{' || header.find("\"alg\"") == std::string::npos) {
      return std::nullopt;
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
        return std::nullopt;
      }
    }
    return secret_evidence(text, b, i, b > 48 ? b - 48 : 0);
  }
};

// --- vendor tokens with a fixed prefix -------------------------------------------------------

struct VendorShape {
  std::string_view prefix;
  std::size_t min_body, max_body;
};

constexpr VendorShape kVendorShapes[] = {
    {"ghp_", 36, 36},        {"gho_", 36, 36},      {"ghs_", 36, 36},      {"ghu_", 36, 36},
    {"github_pat_", 70, 90}, {"glpat-", 20, 20},    {"xoxb-", 30, 200},    {"xoxp-", 30, 200},
    {"xapp-", 30, 200},      {"sk_live_", 24, 110}, {"rk_live_", 24, 110}, {"AIza", 35, 35},
    {"npm_", 36, 36},
};

class VendorTokenRule final : public Rule {
 public:
  VendorTokenRule() : Rule("secret.vendor-token", kFamilySecret, Severity::high, triggers()) {}

  std::optional<Evidence> verify(std::string_view text, std::size_t b,
                                 std::size_t e) const override {
    if (b > 0 && is_base64url_char(text[b - 1])) return std::nullopt;
    std::string_view prefix = text.substr(b, e - b);
    for (const auto& shape : kVendorShapes) {
      if (shape.prefix != prefix) continue;
      std::size_t i = e;
      while (i < text.size() && (is_base64url_char(text[i])) && i - e <= shape.max_body) ++i;
      std::size_t body = i - e;
      if (body < shape.min_body || body > shape.max_body) return std::nullopt;
      if (shannon_entropy(text.substr(e, body)) < 3.0 || is_placeholder(text.substr(e, body))) {
        return std::nullopt;
      }
      return secret_evidence(text, b, i, b > 48 ? b - 48 : 0);
    }
    return std::nullopt;
  }

 private:
  static std::vector<Trigger> triggers() {
    std::vector<Trigger> out;
    for (const auto& shape : kVendorShapes) out.push_back(lit(std::string(shape.prefix)));
    return out;
  }
};

}  // namespace

void add_secret_rules(std::vector<std::unique_ptr<Rule>>& rules) {
  rules.push_back(std::make_unique<AwsAccessKeyIdRule>());
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
  rules.push_back(std::make_unique<PrivateKeyRule>());
  rules.push_back(std::make_unique<JwtRule>());
  rules.push_back(std::make_unique<VendorTokenRule>());
  add_environment_rules(rules);
}

}  // namespace walletfuzz::detectors::detail
