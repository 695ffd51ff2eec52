#pragma once
// A detection rule: literal triggers for the Hyperscan prefilter plus a verifier that looks for
// the structural signature around a trigger. Rules are stateless after construction, so one
// rule table serves every thread.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/detectors/leak_detector.hpp"

namespace re2 {
class RE2;
}

namespace walletfuzz::detectors::detail {

/// A literal the prefilter looks for; a hit hands the rule a candidate position.
struct Trigger {
  std::string literal;
  bool caseless = false;
};

/// What a rule found: a byte range in the scanned text and a redacted one-line excerpt.
/// `secret` holds the raw secret value (never printed) so the engine can mask it in every
/// other excerpt of the same scan.
struct Evidence {
  std::size_t begin = 0, end = 0;
  std::string excerpt;
  std::string secret;
};

/// What a verification looked at and why it decided as it did, for `walletfuzz scan --explain`.
/// Filled only when explaining; the hot path never builds these strings.
struct Check {
  std::size_t window_begin = 0, window_end = 0;  ///< the bytes the rule examined
  std::string why;  ///< accepted: which checks passed; else the one that failed
};

class Rule {
 public:
  Rule(std::string_view id, std::string_view family, Severity severity,
       std::vector<Trigger> triggers)
      : id_(id), family_(family), severity_(severity), triggers_(std::move(triggers)) {}
  virtual ~Rule() = default;

  std::string_view id() const noexcept { return id_; }
  std::string_view family() const noexcept { return family_; }
  Severity severity() const noexcept { return severity_; }
  const std::vector<Trigger>& triggers() const noexcept { return triggers_; }
  /// Error-page rules are skipped on JavaScript/CSS bodies unless strict; secret rules are not.
  bool applies_to_code() const noexcept { return family_ == kFamilySecret; }

  /// Checks the candidate whose trigger occupies text[trigger_begin, trigger_end).
  virtual std::optional<Evidence> verify(std::string_view text, std::size_t trigger_begin,
                                         std::size_t trigger_end) const = 0;

  /// The secrets at the candidate, for a rule of the secret family (none for the others): what
  /// verify() reports on, without the excerpt, so that the redactor can run the same matching.
  virtual std::vector<SecretMatch> find_secrets(std::string_view /*text*/,
                                                std::size_t /*trigger_begin*/,
                                                std::size_t /*trigger_end*/) const {
    return {};
  }

  /// verify() that also says why. The default reports the rule's own checks as one step;
  /// windowed rules say which pattern, marker or unescaping layer decided.
  virtual std::optional<Evidence> verify_explained(std::string_view text, std::size_t trigger_begin,
                                                   std::size_t trigger_end, Check& check) const {
    auto evidence = verify(text, trigger_begin, trigger_end);
    check.window_begin = evidence ? evidence->begin : trigger_begin;
    check.window_end = evidence ? evidence->end : trigger_end;
    check.why = evidence ? "the rule's shape, entropy and context checks passed"
                         : "the rule's shape, entropy or context check failed";
    return evidence;
  }

  /// After a miss, how far past the trigger the verifier has already looked without finding
  /// anything, so later candidates inside that stretch can be skipped (0: look at each one).
  virtual std::size_t settled_after_miss() const noexcept { return 0; }

 private:
  std::string id_;
  std::string family_;
  Severity severity_;
  std::vector<Trigger> triggers_;
};

/// A windowed rule: around the trigger it takes [trigger - look_behind, trigger + look_ahead),
/// and reports a finding when at least `min_markers` distinct markers occur in the window and
/// (if any patterns are given) one RE2 pattern matches. Both are tried on the raw window and,
/// when it holds escapes, on its JSON/HTML-unescaped form.
struct SignatureSpec {
  std::string_view id;
  std::string_view family;
  Severity severity = Severity::medium;
  std::vector<Trigger> triggers;
  std::vector<std::string> patterns;  ///< RE2 syntax; the whole match is the evidence
  std::vector<std::string> markers;   ///< literals, case-sensitive
  std::size_t min_markers = 0;
  std::size_t look_behind = 2048;
  std::size_t look_ahead = 2048;
};

std::unique_ptr<Rule> make_signature_rule(SignatureSpec spec);

/// Rule tables, one per area (each in its own source file).
void add_stack_trace_rules(std::vector<std::unique_ptr<Rule>>& rules);
void add_error_page_rules(std::vector<std::unique_ptr<Rule>>& rules);  // debug pages, db, paths
void add_secret_rules(std::vector<std::unique_ptr<Rule>>& rules);
void add_environment_rules(std::vector<std::unique_ptr<Rule>>& rules);  // env dumps, KEY=secret

/// Leaky response headers (Server with a version, X-Powered-By, debug tokens ...).
void add_header_findings(const walletfuzz::Headers& headers, std::vector<LeakFinding>& out);

}  // namespace walletfuzz::detectors::detail
