#include "walletfuzz/reports/redaction.hpp"

#include <array>
#include <cctype>

namespace walletfuzz::reports {

namespace {

constexpr std::string_view kMarkerPrefix = "[REDACTED";

bool is_upper_or_digit(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_token_char(char c) {
  return is_alnum(c) || c == '_' || c == '-';
}
bool is_base64url(char c) {
  return is_alnum(c) || c == '_' || c == '-';
}

std::string lower_case(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string marker(std::string_view rule) {
  return "[REDACTED:" + std::string(rule) + "]";
}

// Length of the run of characters satisfying `pred` starting at `from`.
template <typename Pred>
std::size_t run_length(std::string_view text, std::size_t from, Pred pred) {
  std::size_t n = 0;
  while (from + n < text.size() && pred(text[from + n])) ++n;
  return n;
}

struct TokenShape {
  std::string_view prefix;
  std::string_view rule;
  std::size_t min_body;  // characters required after the prefix
  std::size_t max_body;  // 0 = unbounded
  bool (*body_char)(char);
};

// Secrets recognisable by their own shape, wherever they appear (gitleaks-style prefixes).
constexpr std::array<TokenShape, 17> kTokenShapes{{
    {"AKIA", "aws-access-key-id", 16, 16, is_upper_or_digit},
    {"ASIA", "aws-access-key-id", 16, 16, is_upper_or_digit},
    {"AGPA", "aws-access-key-id", 16, 16, is_upper_or_digit},
    {"AIDA", "aws-access-key-id", 16, 16, is_upper_or_digit},
    {"AROA", "aws-access-key-id", 16, 16, is_upper_or_digit},
    {"ghp_", "github-token", 30, 0, is_alnum},
    {"gho_", "github-token", 30, 0, is_alnum},
    {"ghu_", "github-token", 30, 0, is_alnum},
    {"ghs_", "github-token", 30, 0, is_alnum},
    {"github_pat_", "github-token", 20, 0, is_token_char},
    {"xoxb-", "slack-token", 10, 0, is_token_char},
    {"xoxp-", "slack-token", 10, 0, is_token_char},
    {"xoxa-", "slack-token", 10, 0, is_token_char},
    {"sk_live_", "stripe-key", 16, 0, is_alnum},
    {"rk_live_", "stripe-key", 16, 0, is_alnum},
    {"sk_test_", "stripe-key", 16, 0, is_alnum},
    {"AIza", "google-api-key", 35, 35, is_token_char},
}};

// A JSON Web Token: three base64url parts, the first two starting "eyJ" (a JSON object).
std::size_t jwt_length(std::string_view text, std::size_t at) {
  if (text.substr(at, 3) != "eyJ") return 0;
  std::size_t first = run_length(text, at, is_base64url);
  std::size_t pos = at + first;
  if (first < 10 || pos >= text.size() || text[pos] != '.') return 0;
  if (text.substr(pos + 1, 3) != "eyJ") return 0;
  std::size_t second = run_length(text, pos + 1, is_base64url);
  pos += 1 + second;
  if (second < 10 || pos >= text.size() || text[pos] != '.') return 0;
  pos += 1 + run_length(text, pos + 1, is_base64url);
  return pos - at;
}

// Pass 1: shapes that are secrets wherever they appear.
std::string redact_shapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool at_word_start = i == 0 || !is_alnum(text[i - 1]);
    if (at_word_start) {
      if (std::size_t n = jwt_length(text, i)) {
        out += marker("jwt");
        i += n;
        continue;
      }
      bool matched = false;
      for (const TokenShape& shape : kTokenShapes) {
        if (text.substr(i, shape.prefix.size()) != shape.prefix) continue;
        std::size_t body = run_length(text, i + shape.prefix.size(), shape.body_char);
        if (body < shape.min_body || (shape.max_body != 0 && body != shape.max_body)) continue;
        out += marker(shape.rule);
        i += shape.prefix.size() + body;
        matched = true;
        break;
      }
      if (matched) continue;
    }
    if (text.substr(i, 11) == "-----BEGIN ") {
      std::size_t header_end = text.find("-----", i + 11);
      if (header_end != std::string_view::npos &&
          text.substr(i, header_end - i).find("PRIVATE KEY") != std::string_view::npos) {
        // The whole block up to its END line (or the end of the text, when it was cut) goes.
        std::size_t end = text.find("-----END ", header_end + 5);
        std::size_t stop =
            end == std::string_view::npos ? text.size() : text.find("-----", end + 9);
        stop = stop == std::string_view::npos ? text.size() : stop + 5;
        out += marker("private-key");
        i = stop;
        continue;
      }
    }
    // scheme://user:password@host — the password goes, the user and host stay.
    if (text.substr(i, 3) == "://") {
      std::size_t user =
          run_length(text, i + 3, [](char c) { return is_token_char(c) || c == '.'; });
      std::size_t colon = i + 3 + user;
      if (user > 0 && colon < text.size() && text[colon] == ':') {
        std::size_t password = run_length(text, colon + 1, [](char c) {
          return c != '@' && c != '/' && c != ' ' && c != '\n' && c != '\r' && c != '"';
        });
        std::size_t at = colon + 1 + password;
        if (password > 0 && at < text.size() && text[at] == '@' &&
            text.substr(colon + 1, kMarkerPrefix.size()) != kMarkerPrefix) {
          out.append(text.substr(i, colon + 1 - i));
          out += marker("url-password");
          i = at;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

// Pass 2: "Name: value" at the start of a line (HTTP headers, YAML, env dumps).
std::string redact_named_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    std::size_t indent = run_length(line, 0, [](char c) { return c == ' ' || c == '\t'; });
    std::size_t name_len =
        run_length(line, indent, [](char c) { return is_token_char(c) || c == '.'; });
    std::size_t colon = indent + name_len;
    std::string_view name = line.substr(indent, name_len);
    if (name_len > 0 && colon < line.size() && line[colon] == ':' && is_sensitive_name(name)) {
      std::size_t value = colon + 1 + run_length(line, colon + 1, [](char c) { return c == ' '; });
      std::size_t value_end = line.size();
      if (value_end > value && line[value_end - 1] == '\r') --value_end;
      std::string_view content = line.substr(value, value_end - value);
      out.append(line.substr(0, value));
      // Keep an authorization scheme ("Bearer", "Basic"): it tells the reader what was sent.
      std::size_t space = content.find(' ');
      if (space != std::string_view::npos && space > 0 &&
          run_length(content, 0, is_alnum) == space) {
        out.append(content.substr(0, space + 1));
        content = content.substr(space + 1);
      }
      if (content.empty() || content.substr(0, kMarkerPrefix.size()) == kMarkerPrefix) {
        out.append(content);
      } else {
        out += marker(lower_case(name));
      }
      out.append(line.substr(value_end));
    } else {
      out.append(line);
    }
    if (end == text.size()) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

// Pass 3: name=value pairs (query strings, form bodies, cookies) and "name": "value" in JSON.
std::string redact_pairs(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  auto emit_redacted = [&](std::size_t value_begin, std::size_t value_end, std::string_view name) {
    out.append(text.substr(copied, value_begin - copied));
    if (text.substr(value_begin, kMarkerPrefix.size()) == kMarkerPrefix) {
      out.append(text.substr(value_begin, value_end - value_begin));
    } else {
      out += marker(lower_case(name));
    }
    copied = value_end;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && i > 0) {
      std::size_t name_len = 0;
      while (name_len < i &&
             (is_token_char(text[i - 1 - name_len]) || text[i - 1 - name_len] == '.')) {
        ++name_len;
      }
      std::string_view name = text.substr(i - name_len, name_len);
      if (name_len == 0 || i - name_len < copied || !is_sensitive_name(name)) continue;
      std::size_t value_len = run_length(text, i + 1, [](char c) {
        return c != '&' && c != ';' && c != ',' && c != '"' && c != '\'' && c != ' ' && c != '\r' &&
               c != '\n' && c != '\t';
      });
      if (value_len == 0) continue;
      emit_redacted(i + 1, i + 1 + value_len, name);
      i += value_len;
    } else if (text[i] == '"' && i >= copied) {
      // A JSON member name: "name" then optional spaces, ':', optional spaces, a string value.
      std::size_t name_len =
          run_length(text, i + 1, [](char c) { return c != '"' && c != '\\' && c != '\n'; });
      std::size_t close = i + 1 + name_len;
      if (close >= text.size() || text[close] != '"') continue;
      std::size_t colon =
          close + 1 + run_length(text, close + 1, [](char c) { return c == ' ' || c == '\t'; });
      if (colon >= text.size() || text[colon] != ':') continue;
      std::size_t open =
          colon + 1 + run_length(text, colon + 1, [](char c) { return c == ' ' || c == '\t'; });
      if (open >= text.size() || text[open] != '"') continue;
      std::string_view name = text.substr(i + 1, name_len);
      if (!is_sensitive_name(name)) continue;
      std::size_t end = open + 1;
      while (end < text.size() && text[end] != '"' && text[end] != '\n') {
        end += (text[end] == '\\' && end + 1 < text.size()) ? 2 : 1;
      }
      emit_redacted(open + 1, std::min(end, text.size()), name);
      i = std::min(end, text.size());
    }
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace

bool is_sensitive_name(std::string_view name) {
  std::string folded;  // lower case, letters and digits only: "X-Api-Key" -> "xapikey"
  for (char c : name) {
    if (is_alnum(c)) folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (folded.empty()) return false;
  static constexpr std::array<std::string_view, 12> kContains{
      "password",   "passwd",        "secret", "token",      "apikey",    "accesskey",
      "privatekey", "authorization", "cookie", "credential", "sessionid", "passphrase"};
  for (std::string_view word : kContains) {
    if (folded.find(word) != std::string::npos) return true;
  }
  static constexpr std::array<std::string_view, 6> kExact{"pwd", "pass",    "auth",
                                                          "key", "session", "sig"};
  for (std::string_view word : kExact) {
    if (folded == word) return true;
  }
  return false;
}

std::string redact_secrets(std::string_view text) {
  return redact_pairs(redact_named_lines(redact_shapes(text)));
}

}  // namespace walletfuzz::reports
