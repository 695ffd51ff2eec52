#pragma once
// Finding "key = value" around a trigger in the many shapes a response carries them: JSON
// ("key": "v"), env dumps (KEY=v), YAML (key: v), Python reprs ('key': 'v'), PHP var_dump
// (["KEY"]=> string(40) "v"), XML (<Key>v</Key>) and any of these JSON-escaped once.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "rule.hpp"

namespace walletfuzz::detectors::detail {

bool is_key_char(char c) noexcept;
bool is_alnum(char c) noexcept;

/// The identifier-like key containing text[begin, end): extended left and right over key
/// characters (letters, digits, '_', '-', '.').
struct Span {
  std::size_t begin = 0, end = 0;
  std::size_t size() const noexcept { return end - begin; }
};
Span key_around(std::string_view text, std::size_t begin, std::size_t end) noexcept;

/// The value assigned to the key ending at `key_end`, or nothing when no separator follows.
/// A quoted value runs to its closing quote (at most 600 bytes); an unquoted one to
/// whitespace or punctuation.
std::optional<Span> value_after_key(std::string_view text, std::size_t key_end) noexcept;

/// The key whose value starts at `value_begin` (the reverse of value_after_key), or nothing.
std::optional<Span> key_before_value(std::string_view text, std::size_t value_begin) noexcept;

/// Helpers shared by the secret rules.
std::string lowercase(std::string_view text);
bool is_base64_char(char c) noexcept;
bool is_base64url_char(char c) noexcept;
bool is_hex(char c) noexcept;
bool looks_like_uuid(std::string_view value) noexcept;
/// Documentation and template values ("EXAMPLE", "changeme", "${DB_PASSWORD}", "<your key>").
bool is_placeholder(std::string_view value);
/// Evidence for a secret at text[begin, end): up to 48 bytes of context from the same line
/// (not before `context_begin`), then the redacted secret.
Evidence secret_evidence(std::string_view text, std::size_t begin, std::size_t end,
                         std::size_t context_begin);

/// A rule whose finding is one secret: verify() reports the first of find_secrets() with
/// secret_evidence(), so the detector and the redactor share the matching.
class SingleSecretRule : public Rule {
 public:
  using Rule::Rule;
  std::optional<Evidence> verify(std::string_view text, std::size_t trigger_begin,
                                 std::size_t trigger_end) const override;
};

}  // namespace walletfuzz::detectors::detail
