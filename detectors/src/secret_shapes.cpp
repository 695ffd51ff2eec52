// The table of secret shapes and the structural matchers shared by the leak detector's secret
// rules and the redactor (see walletfuzz/detectors/redaction.hpp).

#include <algorithm>
#include <array>

#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors {
namespace {

bool is_alnum(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_base64url(char c) noexcept {
  return is_alnum(c) || c == '_' || c == '-';
}

bool in_alphabet(TokenAlphabet alphabet, char c) noexcept {
  switch (alphabet) {
    case TokenAlphabet::upper_digit:
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    case TokenAlphabet::alnum:
      return is_alnum(c);
    case TokenAlphabet::base64url:
      return is_base64url(c);
  }
  return false;
}

constexpr auto kUpper = TokenAlphabet::upper_digit;
constexpr auto kAlnum = TokenAlphabet::alnum;
constexpr auto kUrl = TokenAlphabet::base64url;

// Bounds. Two tables used to exist: the detector's took gitleaks' exact lengths (ghp_ 36,
// github_pat_ 70-90, xoxb- 30-200, sk_live_ 24-110), the reports' redactor took lower minimums
// and no maximum (ghp_ 30+, github_pat_ 20+, xoxb- 10+, sk_live_ 16+). Where they differed
// we keep the bound that matches more: a minimum that is the smaller of the two, so that a
// truncated or older-format token is still hidden (a secret printed in full in a report is the
// one mistake that cannot be undone, DESIGN.md "Safety"), and a maximum of 255 where one table
// had none, which no vendor's format reaches and which bounds the work per candidate position
// (the detector verifies every prefix it sees, so an unbounded body would be quadratic on a run
// such as "xoxb-xoxb-xoxb-..."). The vendor prefixes are specific enough that the wider length
// range adds no false positives; the detector's guards against documentation values are the
// entropy and placeholder checks it applies on top of the shape (secret_rules.cpp).
constexpr std::array<SecretShape, 22> kShapes{{
    // AWS access key ids (long-term AKIA, temporary ASIA, ABIA/ACCA for other partitions).
    {"AKIA", "aws-access-key-id", kUpper, 16, 16, true},
    {"ASIA", "aws-access-key-id", kUpper, 16, 16, true},
    {"ABIA", "aws-access-key-id", kUpper, 16, 16, true},
    {"ACCA", "aws-access-key-id", kUpper, 16, 16, true},
    // Unique ids of IAM groups, users and roles: they name an account's principals.
    {"AGPA", "aws-principal-id", kUpper, 16, 16, false},
    {"AIDA", "aws-principal-id", kUpper, 16, 16, false},
    {"AROA", "aws-principal-id", kUpper, 16, 16, false},
    {"ghp_", "github-token", kAlnum, 30, 255, true},
    {"gho_", "github-token", kAlnum, 30, 255, true},
    {"ghu_", "github-token", kAlnum, 30, 255, true},
    {"ghs_", "github-token", kAlnum, 30, 255, true},
    {"github_pat_", "github-token", kUrl, 20, 255, true},
    {"glpat-", "gitlab-token", kUrl, 20, 20, true},
    {"xoxb-", "slack-token", kUrl, 10, 255, true},
    {"xoxp-", "slack-token", kUrl, 10, 255, true},
    {"xoxa-", "slack-token", kUrl, 10, 255, true},
    {"xapp-", "slack-token", kUrl, 30, 200, true},
    {"sk_live_", "stripe-key", kAlnum, 16, 255, true},
    {"rk_live_", "stripe-key", kAlnum, 16, 255, true},
    {"sk_test_", "stripe-key", kAlnum, 16, 255, false},
    {"AIza", "google-api-key", kUrl, 35, 35, true},
    {"npm_", "npm-token", kAlnum, 36, 36, true},
}};

}  // namespace

std::span<const SecretShape> secret_shapes() noexcept {
  return kShapes;
}

std::size_t token_length(const SecretShape& shape, std::string_view text, std::size_t at) noexcept {
  if (at > text.size() || text.substr(at, shape.prefix.size()) != shape.prefix) return 0;
  if (at > 0 && is_alnum(text[at - 1])) return 0;
  std::size_t begin = at + shape.prefix.size();
  std::size_t end = begin;
  // Count one past the maximum at most: that is enough to reject an over-long body.
  while (end < text.size() && end - begin <= shape.max_body &&
         in_alphabet(shape.alphabet, text[end]))
    ++end;
  std::size_t body = end - begin;
  if (body < shape.min_body || body > shape.max_body) return 0;
  return end - at;
}

ShapeMatch match_secret_shape(std::string_view text, std::size_t at) noexcept {
  for (const SecretShape& shape : kShapes) {
    if (std::size_t n = token_length(shape, text, at)) return {&shape, n};
  }
  return {};
}

std::size_t jwt_length(std::string_view text, std::size_t at) noexcept {
  constexpr std::size_t kMaxPart = 8192;
  if (at > 0 && is_alnum(text[at - 1])) return 0;
  std::size_t i = at;
  for (int part = 0; part < 3; ++part) {
    if (part < 2 && text.substr(i, 3) != "eyJ") return 0;
    std::size_t start = i;
    while (i < text.size() && is_base64url(text[i]) && i - start < kMaxPart) ++i;
    if (part < 2) {
      if (i - start < 10 || i >= text.size() || text[i] != '.') return 0;
      ++i;
    }
  }
  return i - at;
}

std::size_t private_key_header_length(std::string_view text, std::size_t at) noexcept {
  constexpr std::string_view kBegin = "-----BEGIN ";
  if (text.substr(at, kBegin.size()) != kBegin) return 0;
  std::size_t label = at + kBegin.size();
  std::size_t close = text.substr(label, 120).find("-----");
  if (close == std::string_view::npos) return 0;
  if (text.substr(label, close).find("PRIVATE KEY") == std::string_view::npos) return 0;
  return kBegin.size() + close + 5;
}

bool is_sensitive_name(std::string_view name) {
  std::string folded;  // lower case, letters and digits only: "X-Api-Key" -> "xapikey"
  for (char c : name) {
    if (is_alnum(c)) folded += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  if (folded.empty()) return false;
  // "pwd" counts inside a longer name too ("db_pwd"); "pass", "key" and "auth" only alone,
  // since inside a name they are mostly something else ("passenger", "keyword", "author").
  static constexpr std::array<std::string_view, 13> kContains{
      "password",   "passwd", "pwd",        "secret",    "token",      "apikey",       "accesskey",
      "privatekey", "cookie", "credential", "sessionid", "passphrase", "authorization"};
  for (std::string_view word : kContains) {
    if (folded.find(word) != std::string::npos) return true;
  }
  static constexpr std::array<std::string_view, 5> kExact{"pass", "auth", "key", "session", "sig"};
  return std::find(kExact.begin(), kExact.end(), folded) != kExact.end();
}

}  // namespace walletfuzz::detectors
