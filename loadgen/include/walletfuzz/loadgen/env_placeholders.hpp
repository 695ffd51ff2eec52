#pragma once
// `${ENV:NAME}` placeholders: secrets (a staging API's bearer token) stay in the environment and
// out of every file. Scenario headers, baseline requests and request files keep the placeholder
// as written; it is replaced only in the bytes replay sends, and every value it resolves to is
// handed to the detectors' redactor, so no output of the process can show it.
//
//   setenv("STAGING_TOKEN", "s3cr3t-value", 1);
//   resolve_env_placeholders("Bearer ${ENV:STAGING_TOKEN}", "load.headers.Authorization");
//   // -> "Bearer s3cr3t-value"; an unset variable throws InputError naming it and the place

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace walletfuzz::loadgen {

/// Looks a variable up: its value, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (getenv).
std::optional<std::string> process_env(const std::string& name);

/// The placeholder of variable `name` as written in files: "${ENV:NAME}". Importers write
/// credentials this way, so they are never stored in clear.
std::string env_placeholder(std::string_view name);

/// A valid variable name made from any text: letters and digits upper-cased, every other run of
/// characters one '_', a leading digit prefixed with '_' ("X-Api-Key" -> "X_API_KEY").
std::string env_variable_name(std::string_view text);

/// True when `text` holds at least one "${ENV:" placeholder.
bool has_env_placeholder(std::string_view text) noexcept;

/// `text` with every `${ENV:NAME}` replaced by the variable's value. NAME is letters, digits
/// and '_' (not starting with a digit). Throws InputError at `where` when a variable is unset
/// or a placeholder is malformed. Each value used is registered with
/// detectors::add_known_secret, so every later redact_secrets call hides it.
std::string resolve_env_placeholders(std::string_view text, const std::string& where,
                                     const EnvLookup& lookup = process_env);

}  // namespace walletfuzz::loadgen
