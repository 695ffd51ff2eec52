#pragma once
// The leak detector shared by the fuzzers, the load generator and `walletfuzz scan`: finds stack
// traces, framework debug pages, database errors, internal paths, secrets and leaky headers in
// HTTP responses (CSA serverless risks SAS-10 and SAS-7).
//
//   walletfuzz::detectors::LeakDetector detector;           // compiles the pattern database once
//   for (const auto& f : detector.scan_response(response))  // thread-safe, allocation-light
//     std::cout << f.rule_id << ' ' << f.excerpt << '\n';   // excerpt is always redacted
//
// How it decides: a Hyperscan database of literal triggers runs over every byte (linear time,
// no backtracking), and only where a trigger fires does a rule look at a bounded window around
// it (JSON- and HTML-unescaped when needed) for a *structural* signature: a header line plus a
// frame, a key shape plus entropy plus context, several markers of one debug page together.
// A lone word ("exception", "Internal Server Error") or a 5xx status is never a finding.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::detectors {

/// How bad a finding is. `info` findings are reported but are not leaks: they never make
/// `walletfuzz scan` exit 1 and are not counted as leaking responses.
enum class Severity { info, low, medium, high };

/// "info", "low", "medium" or "high".
std::string_view to_string(Severity severity) noexcept;

/// The families of findings (LeakFinding::family holds one of these strings).
inline constexpr std::string_view kFamilyStackTrace = "stack_trace";
inline constexpr std::string_view kFamilyDebugPage = "debug_page";
inline constexpr std::string_view kFamilyDatabaseError = "database_error";
inline constexpr std::string_view kFamilyInternalPath = "internal_path";
inline constexpr std::string_view kFamilySecret = "secret";
inline constexpr std::string_view kFamilyHeader = "header";

/// One leak. `rule_id` is stable across versions ("stack-trace.python",
/// "secret.aws-access-key-id"). `begin`/`end` is the byte range of the evidence in the scanned
/// text: for scan_text the text itself, for scan_response the decoded body, or the header's value
/// when `part` names a header. `excerpt` is a short one-line excerpt of the evidence with every
/// secret redacted (walletfuzz/detectors/redaction.hpp).
struct LeakFinding {
  std::string family;
  std::string rule_id;
  Severity severity = Severity::medium;
  std::size_t begin = 0, end = 0;
  std::string excerpt;
  std::string part = "body";  ///< "body", or "header:<Name>" for a header finding
  /// 16 hex digits naming the evidence: a hash of the rule id and the redacted excerpt with
  /// digit runs folded (so request ids, line numbers and addresses do not change it). Allowlists
  /// match on it (walletfuzz/detectors/allowlist.hpp).
  std::string fingerprint;
  /// Filled by explaining scans only: the bytes the rule examined around its trigger (same
  /// coordinates as begin/end) and which structural checks accepted the match.
  std::size_t window_begin = 0, window_end = 0;
  std::string why;
  /// Set by an allowlist: the finding is still reported and counted, but it is accepted.
  bool allowlisted = false;
};

/// A candidate a rule looked at and rejected, for `walletfuzz scan --explain`: the first
/// rejected candidate of each rule per scanned part, with the check that rejected it.
struct NearMiss {
  std::string family;
  std::string rule_id;
  std::string part = "body";
  std::size_t window_begin = 0, window_end = 0;  ///< the bytes the rule examined
  std::size_t rejected = 0;  ///< candidates of this rule rejected in this part (>= 1)
  std::string rejected_by;   ///< the check that failed, in words
  std::string excerpt;       ///< the text at the trigger, redacted like a finding's excerpt
};

/// Filled by an explaining scan besides its findings.
struct ScanExplanation {
  std::vector<NearMiss> near_misses;
};

/// A secret the detector found: the bytes that hold it, what kind it is ("aws-secret-access-key",
/// or the name it was assigned to) and where an excerpt showing it may start (the key before it).
/// The detector's secret findings and the redactor's markers come from this one match, so
/// whatever the detector reports as a secret the redactor hides (redaction.hpp).
struct SecretMatch {
  std::size_t begin = 0, end = 0;
  std::string kind;
  std::size_t context_begin = 0;
};

/// Limits and modes. The defaults suit the fuzz and load hot paths.
struct DetectorOptions {
  /// Bytes of a body scanned at most (after decoding); the rest is ignored.
  std::size_t max_body_bytes = 1 << 20;
  /// Decompressed bytes produced at most when decoding gzip/deflate (a bomb stops here).
  std::size_t max_decoded_bytes = 1 << 20;
  /// Findings returned at most per scan (the first ones by position are kept).
  std::size_t max_findings = 64;
  /// Scan JavaScript and CSS bodies for errors too (they hold error strings as code, a known
  /// false-positive source, so by default only secrets are looked for in them).
  bool strict = false;
};

/// True when a finding is a leak (severity above info).
inline bool is_leak(const LeakFinding& finding) noexcept {
  return finding.severity != Severity::info;
}

/// Build once (compiles the Hyperscan database; throws std::runtime_error if that fails), then
/// call the const scan functions from any number of threads: each thread gets its own
/// Hyperscan scratch on first use.
class LeakDetector {
 public:
  explicit LeakDetector(DetectorOptions options = {});
  ~LeakDetector();
  LeakDetector(LeakDetector&&) noexcept;
  LeakDetector& operator=(LeakDetector&&) noexcept;

  /// Findings in plain text (at most max_body_bytes of it are scanned), ordered by position.
  /// With `explain`, each finding also says why it was accepted (window_begin/end, why) and
  /// `explain` receives the near misses; the findings themselves are the same either way.
  std::vector<LeakFinding> scan_text(std::string_view text,
                                     ScanExplanation* explain = nullptr) const;

  /// Findings in a response: leaky headers, header values, and the body after undoing
  /// Content-Encoding gzip/deflate within max_decoded_bytes (an undecodable body is scanned as
  /// is). JavaScript/CSS bodies are scanned for secrets only unless options.strict.
  /// A 5xx status or an X-Amz-Function-Error header frames the body as the server's own error:
  /// then a trace is a leak wherever it sits (see detectors/README.md, "Framing").
  std::vector<LeakFinding> scan_response(const walletfuzz::Response& response,
                                         ScanExplanation* explain = nullptr) const;

  /// Every secret the secret rules match in `text` (all of it: max_body_bytes does not apply),
  /// ordered by position, without the entropy of excerpts. redact_secrets() hides these.
  std::vector<SecretMatch> find_secrets(std::string_view text) const;

  const DetectorOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace walletfuzz::detectors
