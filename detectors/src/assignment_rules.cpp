// Secrets recognised by the name they are assigned to: a Lambda environment dump (several
// reserved runtime variables with runtime-shaped values, as in the PHP var_dump($_ENV) leak of
// the reference notes) and generic *_SECRET / *_TOKEN / *_PASSWORD assignments whose value has
// the entropy and character mix of a real secret (gitleaks generic-api-key: keyword, value
// shape, entropy >= 3.5, stop words).

#include <algorithm>

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

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.substr(0, prefix.size()) == prefix;
}

// --- environment dumps -----------------------------------------------------------------------

constexpr std::string_view kReservedNames[] = {
    "AWS_ACCESS_KEY_ID",         "AWS_SECRET_ACCESS_KEY",       "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_FUNCTION_NAME",  "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",  "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",          "LAMBDA_RUNTIME_DIR",          "_HANDLER",
    "AWS_EXECUTION_ENV",         "AWS_XRAY_DAEMON_ADDRESS",     "_X_AMZN_TRACE_ID",
};

// Whether `value` looks like what the Lambda runtime really puts in variable `name`, rather
// than a description in documentation ("LAMBDA_TASK_ROOT: The path to ...").
bool runtime_shaped(std::string_view name, std::string_view value) noexcept {
  if (name == "LAMBDA_TASK_ROOT") return starts_with(value, "/var/task");
  if (name == "LAMBDA_RUNTIME_DIR") return starts_with(value, "/var/runtime");
  if (name == "AWS_EXECUTION_ENV") return starts_with(value, "AWS_Lambda_");
  if (name == "AWS_LAMBDA_LOG_GROUP_NAME") return starts_with(value, "/aws/lambda/");
  if (name == "AWS_LAMBDA_RUNTIME_API" || name == "AWS_XRAY_DAEMON_ADDRESS") {
    return value.find(':') != std::string_view::npos;
  }
  if (name == "AWS_ACCESS_KEY_ID") return value.size() == 20 && starts_with(value, "A");
  if (name == "AWS_SECRET_ACCESS_KEY") return value.size() == 40;
  if (name == "AWS_SESSION_TOKEN") return value.size() >= 100;
  if (name == "_X_AMZN_TRACE_ID") return starts_with(value, "Root=");
  return false;
}

class EnvironmentDumpRule final : public Rule {
 public:
  EnvironmentDumpRule() : Rule("secret.env-dump", kFamilySecret, Severity::high, triggers()) {}

  std::optional<Evidence> verify(std::string_view text, std::size_t b,
                                 std::size_t e) const override {
    Dump dump = inspect(text, b, e);
    if (!dump.found()) return std::nullopt;
    return Evidence{dump.begin,
                    dump.end,
                    "environment dump with " + std::to_string(dump.assigned) +
                        " Lambda runtime variables: " + dump.names + " (values withheld)",
                    {}};
  }

  // The values withheld from the finding's excerpt: those of the credential variables.
  std::vector<SecretMatch> find_secrets(std::string_view text, std::size_t b,
                                        std::size_t e) const override {
    Dump dump = inspect(text, b, e);
    return dump.found() ? std::move(dump.secrets) : std::vector<SecretMatch>{};
  }

  std::size_t settled_after_miss() const noexcept override { return 2048; }

 private:
  struct Dump {
    std::size_t assigned = 0, runtime_values = 0;
    std::size_t begin = std::string_view::npos, end = 0;
    std::string names;
    std::vector<SecretMatch> secrets;
    bool found() const noexcept { return assigned >= 2 && runtime_values >= 1; }
  };

  static Dump inspect(std::string_view text, std::size_t b, std::size_t e) {
    constexpr std::size_t kReach = 4096;
    std::size_t from = b > kReach ? b - kReach : 0;
    std::size_t to = std::min(text.size(), e + kReach);
    std::string_view window = text.substr(from, to - from);
    Dump dump;
    for (auto name : kReservedNames) {
      for (std::size_t at = window.find(name); at != std::string_view::npos;
           at = window.find(name, at + 1)) {
        std::size_t end = at + name.size();
        if ((at > 0 && is_key_char(window[at - 1])) ||
            (end < window.size() && is_key_char(window[end]))) {
          continue;
        }
        auto value = value_after_key(window, end);
        if (!value || is_placeholder(window.substr(value->begin, value->size()))) continue;
        ++dump.assigned;
        dump.runtime_values +=
            runtime_shaped(name, window.substr(value->begin, value->size())) ? 1 : 0;
        dump.begin = std::min(dump.begin, from + at);
        dump.end = std::max(dump.end, from + value->end);
        if (dump.names.size() < 100) {
          dump.names += (dump.names.empty() ? "" : ", ") + std::string(name);
        }
        if (is_sensitive_name(name)) {
          dump.secrets.push_back(
              {from + value->begin, from + value->end, lowercase(name), from + at});
        }
        break;
      }
    }
    return dump;
  }

 private:
  static std::vector<Trigger> triggers() {
    std::vector<Trigger> out;
    for (auto name : kReservedNames) out.push_back(lit(std::string(name)));
    return out;
  }
};

// --- generic assignments ---------------------------------------------------------------------

// Keys whose values are meant to be in a response (pagination and CSRF tokens, issued OAuth
// tokens) or describe a secret without being one (its name, ARN, expiry, type).
bool benign_key(std::string key) {
  key.erase(std::remove_if(key.begin(), key.end(),
                           [](char c) { return c == '_' || c == '-' || c == '.'; }),
            key.end());
  static constexpr std::string_view kExact[] = {"tokentype",   "csrftoken",
                                                "xsrftoken",   "xcsrftoken",
                                                "token",       "authenticitytoken",
                                                "nexttoken",   "nextpagetoken",
                                                "pagetoken",   "continuationtoken",
                                                "synctoken",   "paginationtoken",
                                                "accesstoken", "refreshtoken",
                                                "idtoken",     "cursor",
                                                "starttoken",  "marker",
                                                "resumetoken", "idempotencytoken",
                                                "clienttoken", "tokenizer",
                                                "tokens",      "secrets",
                                                "passwords"};
  for (auto exact : kExact) {
    if (key == exact) return true;
  }
  static constexpr std::string_view kSuffixes[] = {
      "name",     "id",        "arn",       "url",       "uri",     "type",     "expires",
      "expiry",   "expiresin", "ttl",       "length",    "count",   "hint",     "policy",
      "endpoint", "path",      "file",      "version",   "at",      "status",   "enabled",
      "required", "minlength", "maxlength", "field",     "label",   "provider", "format",
      "rotation", "strength",  "changed",   "reset",     "set",     "valid",    "invalid",
      "error",    "message",   "updatedat", "createdat", "lastused"};
  for (auto suffix : kSuffixes) {
    if (key.size() > suffix.size() &&
        key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

bool secret_shaped(std::string_view value) {
  if (value.size() < 8 || value.size() > 200) return false;
  bool letter = false, digit_or_symbol = false;
  for (char c : value) {
    if (c == ' ') return false;  // prose ("must be at least 12 characters")
    letter |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    digit_or_symbol |= (c >= '0' && c <= '9') ||
                       std::string_view("!@#$%^&*+/=?~_-").find(c) != std::string_view::npos;
  }
  if (!letter || !digit_or_symbol) return false;
  if (looks_like_uuid(value) || is_placeholder(value)) return false;
  if (starts_with(value, "arn:") || starts_with(value, "http://") ||
      starts_with(value, "https://")) {
    return false;
  }
  return shannon_entropy(value) >= 3.5;
}

class GenericAssignmentRule final : public SingleSecretRule {
 public:
  GenericAssignmentRule()
      : SingleSecretRule("secret.generic-assignment", kFamilySecret, Severity::medium,
                         {nocase("secret"), nocase("token"), nocase("password"), nocase("passwd"),
                          nocase("api_key"), nocase("apikey"), nocase("api-key"),
                          nocase("private_key"), nocase("client_secret"), nocase("db_pass")}) {}

  // A key starts a token: "arn:aws:secretsmanager:...:secret:prod/db" is an identifier whose
  // parts only look like key: value. Only the finding checks this; the redactor hides such a
  // value all the same (find_secrets), since a crash signature joins "RuntimeError:" and
  // "db_password: ..." the same way and hiding an ARN's last part costs a reader little.
  std::optional<Evidence> verify(std::string_view text, std::size_t b,
                                 std::size_t e) const override {
    std::vector<SecretMatch> found = find_secrets(text, b, e);
    if (found.empty()) return std::nullopt;
    const std::size_t key = found.front().context_begin;
    if (key > 0 && (text[key - 1] == ':' || text[key - 1] == '/' || text[key - 1] == '@' ||
                    text[key - 1] == '=')) {
      return std::nullopt;
    }
    return SingleSecretRule::verify(text, b, e);
  }

  std::vector<SecretMatch> find_secrets(std::string_view text, std::size_t b,
                                        std::size_t e) const override {
    Span key = key_around(text, b, e);
    if (key.size() > 64) return {};
    std::string name = lowercase(text.substr(key.begin, key.size()));
    if (benign_key(name)) return {};
    auto value = value_after_key(text, key.end);
    if (!value) return {};
    std::string_view v = text.substr(value->begin, value->size());
    if (!secret_shaped(v)) return {};
    return {{value->begin, value->end, name, key.begin}};
  }
};

}  // namespace

void add_environment_rules(std::vector<std::unique_ptr<Rule>>& rules) {
  rules.push_back(std::make_unique<EnvironmentDumpRule>());
  rules.push_back(std::make_unique<GenericAssignmentRule>());
}

}  // namespace walletfuzz::detectors::detail
