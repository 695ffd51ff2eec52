// The one redactor (walletfuzz/detectors/redaction.hpp): five passes over the text, each
// linear, each leaving "[REDACTED:...]" markers alone so that redacting twice changes nothing.
// The first is the leak detector's own secret matching, so that every secret the detector
// reports, in whatever spelling it recognises ("<SecretAccessKey>...", "export K=\"...\"",
// "{key: ...}" mid-line), is hidden; the others hide more than the detector reports (secret
// shapes without the entropy check, values of sensitive names of any length).

#include "walletfuzz/detectors/redaction.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <vector>

#include "excerpt.hpp"
#include "walletfuzz/detectors/leak_detector.hpp"

namespace walletfuzz::detectors {
namespace {

constexpr std::string_view kMarkerPrefix = "[REDACTED";

bool is_alnum(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_name_char(char c) noexcept {
  return is_alnum(c) || c == '_' || c == '-' || c == '.';
}
// Characters of a token that may be random: base64 and base64url alphabets plus padding.
bool is_token_char(char c) noexcept {
  return is_alnum(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

std::string marker(std::string_view kind) {
  return "[REDACTED:" + std::string(kind) + "]";
}

bool is_marker(std::string_view text, std::size_t at) noexcept {
  return at <= text.size() && text.substr(at, kMarkerPrefix.size()) == kMarkerPrefix;
}

// Length of the run of characters satisfying `pred` starting at `from`.
template <typename Pred>
std::size_t run_length(std::string_view text, std::size_t from, Pred pred) {
  std::size_t n = 0;
  while (from + n < text.size() && pred(text[from + n])) ++n;
  return n;
}

// One detector for every redaction in the process: compiling its Hyperscan database takes
// milliseconds, scanning is thread-safe, and the redactor must see the whole text.
const LeakDetector& redaction_detector() {
  static const LeakDetector detector(
      DetectorOptions{.max_body_bytes = std::numeric_limits<std::size_t>::max()});
  return detector;
}

// Pass 0: every secret the leak detector's secret rules match.
std::string redact_detected(std::string_view text) {
  std::vector<SecretMatch> matches = redaction_detector().find_secrets(text);
  if (matches.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (const SecretMatch& match : matches) {
    // Overlapping matches (a key id inside an environment dump) are hidden once.
    if (match.end <= copied) continue;
    std::size_t begin = std::max(match.begin, copied);
    if (is_marker(text, begin)) continue;
    out.append(text.substr(copied, begin - copied));
    out += marker(match.kind);
    copied = match.end;
  }
  out.append(text.substr(copied));
  return out;
}

// Pass 1: shapes that are secrets wherever they appear.
std::string redact_shapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::size_t n = jwt_length(text, i)) {
      out += marker("jwt");
      i += n;
      continue;
    }
    if (ShapeMatch match = match_secret_shape(text, i); match.shape != nullptr) {
      out += marker(match.shape->kind);
      i += match.length;
      continue;
    }
    if (std::size_t header = private_key_header_length(text, i)) {
      // The whole block up to its END line (or the end of the text, when it was cut) goes.
      std::size_t end = text.find("-----END ", i + header);
      std::size_t stop = end == std::string_view::npos ? text.size() : text.find("-----", end + 9);
      out += marker("private-key");
      i = stop == std::string_view::npos ? text.size() : stop + 5;
      continue;
    }
    // scheme://user:password@host: the password goes, the user and host stay.
    if (text.substr(i, 3) == "://") {
      std::size_t user = run_length(text, i + 3, is_name_char);
      std::size_t colon = i + 3 + user;
      if (user > 0 && colon < text.size() && text[colon] == ':') {
        std::size_t password = run_length(text, colon + 1, [](char c) {
          return c != '@' && c != '/' && c != ' ' && c != '\n' && c != '\r' && c != '"';
        });
        std::size_t at = colon + 1 + password;
        if (password > 0 && at < text.size() && text[at] == '@' && !is_marker(text, colon + 1)) {
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
    std::size_t name_len = run_length(line, indent, is_name_char);
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
      if (content.empty() || is_marker(content, 0)) {
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
    if (is_marker(text, value_begin)) {
      out.append(text.substr(value_begin, value_end - value_begin));
    } else {
      out += marker(lower_case(name));
    }
    copied = value_end;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && i > 0) {
      std::size_t name_len = 0;
      while (name_len < i && is_name_char(text[i - 1 - name_len])) ++name_len;
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

// --- pass 4 (RedactionOptions::random_tokens) ------------------------------------------------

bool looks_random(std::string_view token) noexcept {
  if (token.size() < 16) return false;
  bool upper = false, lower = false, digit = false;
  for (char c : token) {
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
  }
  return digit && (upper || lower) && detail::shannon_entropy(token) >= 3.3;
}

// A path ("/usr/local/lib/python3.12/site-packages") is a token of short word-like segments;
// a secret is one long random run even when it happens to contain a '/' or two.
bool random_token(std::string_view token) noexcept {
  std::size_t slashes = 0;
  for (char c : token) slashes += c == '/' ? 1 : 0;
  if (slashes < 2) return looks_random(token);
  std::size_t start = 0;
  while (start <= token.size()) {
    std::size_t end = token.find('/', start);
    if (end == std::string_view::npos) end = token.size();
    if (looks_random(token.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

// The sensitive name just before `at` when a separator run follows it, as in "password: ",
// "\"api_key\": \"" or "'token' => '"; empty otherwise.
std::string_view secret_name_before(std::string_view text, std::size_t at) noexcept {
  std::size_t i = at;
  std::size_t skipped = 0;
  while (i > 0 && skipped < 6 &&
         (text[i - 1] == ' ' || text[i - 1] == '"' || text[i - 1] == '\'' || text[i - 1] == ':' ||
          text[i - 1] == '=' || text[i - 1] == '>' || text[i - 1] == '\\')) {
    --i;
    ++skipped;
  }
  if (skipped == 0) return {};
  std::size_t name_end = i;
  while (i > 0 && is_name_char(text[i - 1])) --i;
  std::string_view name = text.substr(i, name_end - i);
  return is_sensitive_name(name) ? name : std::string_view{};
}

std::string redact_random_tokens(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (is_marker(text, i)) {
      // Copied whole: a marker's kind ("x-api-key") must not be read as a token.
      std::size_t close = text.find(']', i);
      std::size_t next = close == std::string_view::npos ? text.size() : close + 1;
      out.append(text.substr(i, next - i));
      i = next;
      continue;
    }
    if (!is_token_char(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t end = i + run_length(text, i, is_token_char);
    std::string_view token = text.substr(i, end - i);
    // The values of names need 6 characters here (pass 3 takes any length in its own forms):
    // a short value after a colon mid-line is mostly a count or a flag ("token_count: 5"), and
    // an authorization scheme ("Bearer") kept before a redacted value stays.
    std::string_view name = token.size() >= 6 && !is_marker(text, end + 1)
                                ? secret_name_before(text, i)
                                : std::string_view{};
    if (!name.empty()) {
      out += marker(lower_case(name));
    } else if (random_token(token)) {
      out += marker("random-token");
    } else {
      out.append(token);
    }
    i = end;
  }
  return out;
}

// Values registered by add_known_secret, longest first (so a value that contains another is
// replaced whole). Written at start-up, read by every redaction: a mutex is cheap next to the
// passes below.
std::mutex known_mutex;
std::vector<std::string>& known_secrets() {
  static std::vector<std::string> values;
  return values;
}

std::string redact_known(std::string_view text) {
  std::lock_guard lock(known_mutex);
  std::string out(text);
  for (const std::string& value : known_secrets()) {
    const std::string replacement = marker("env");
    for (std::size_t at = out.find(value); at != std::string::npos;
         at = out.find(value, at + replacement.size())) {
      out.replace(at, value.size(), replacement);
    }
  }
  return out;
}

}  // namespace

void add_known_secret(std::string_view value) {
  if (value.size() < 4) return;
  std::lock_guard lock(known_mutex);
  auto& values = known_secrets();
  if (std::find(values.begin(), values.end(), value) != values.end()) return;
  values.emplace_back(value);
  std::stable_sort(values.begin(), values.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string redact(std::string_view secret) {
  // Four characters identify a key type (AKIA, eyJh, ghp_) without helping to guess the rest;
  // shorter secrets keep fewer so that at most a quarter of one is shown.
  std::size_t keep = secret.size() >= 16 ? 4 : secret.size() / 4;
  std::string out(secret.substr(0, keep));
  out += "\u2026(" + std::to_string(secret.size()) + " chars)";
  return out;
}

std::string redact_secrets(std::string_view text, RedactionOptions options) {
  std::string out =
      redact_pairs(redact_named_lines(redact_shapes(redact_detected(redact_known(text)))));
  return options.random_tokens ? redact_random_tokens(out) : out;
}

}  // namespace walletfuzz::detectors
