#pragma once
// Triage rules: what a finding is, which findings are the same bug (signatures), which of a group
// is kept (the worst), and how confirmation re-runs turn into reproducible/flaky. Pure functions,
// so the rules are unit-tested without running anything; the orchestrator (fuzz_campaign.hpp)
// gathers the measurements they decide on.
//
//   auto sig = walletfuzz::fuzzers::crash_signature("upload", sanitizer_stderr);
//   // "upload:crash:parse_header|decode_chunk|handle_upload"
//   auto kept = walletfuzz::fuzzers::deduplicate(std::move(findings));  // worst per signature

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "walletfuzz/core/amplification.hpp"
#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/fuzzers/invocation_harness.hpp"

namespace walletfuzz::fuzzers {

/// One triaged finding: a row of findings.json (docs/FORMATS.md) plus the request itself.
struct Finding {
  std::string id;  ///< "<kind>-<8 hex digits of the signature's hash>"
  std::string handler;
  FindingKind kind = FindingKind::none;
  std::filesystem::path file;  ///< relative to the run directory
  std::string signature;       ///< de-duplication key
  std::string summary;         ///< one line a person can read
  std::uint64_t median_ns = 0;
  std::uint64_t baseline_median_ns = 0;
  std::uint64_t work_units = 0;
  std::uint64_t peak_memory_bytes = 0;
  double amplification = 0;  ///< raw: median_ns / baseline_median_ns
  std::uint64_t request_bytes = 0;
  std::uint64_t baseline_request_bytes = 0;
  /// Per request byte (walletfuzz/core/amplification.hpp); none when not measured (crashes).
  std::optional<double> size_aware_amplification;
  std::optional<LeakHit> leak;
  /// How its cost grows with its size (scale probing), for slow findings that could be rescaled.
  std::optional<formats::GrowthRecord> growth;
  std::string first_seen;  ///< ISO 8601 UTC
  bool reproducible = false;
  bool flaky = false;
  std::string request;  ///< the request file's bytes (not in findings.json; written to `file`)
};

/// The frames of a sanitizer or libFuzzer stack report ("#3 0x... in func file:line") that
/// belong to the application: runtime, sanitizer, libFuzzer, C library, standard library and
/// harness frames are skipped. Function names only, arguments and templates stripped; at most
/// `count`, innermost first.
std::vector<std::string> application_frames(std::string_view report, std::size_t count = 3);

/// Crash signature: the exception type and message shape for an exception escaping the handler
/// (digits collapsed, so "id 17" and "id 42" are one bug), else the top application frames, else
/// the signal name. "handler:crash:..."
std::string crash_signature(std::string_view handler, std::string_view report);

/// The report each artifact was written with, from one libFuzzer process's log: libFuzzer prints
/// the sanitizer's report (or the harness's "==WALLETFUZZ== crash" line), then "Test unit written
/// to <path>". Pairs of the artifact's file name and the log text since the previous artifact
/// (or the start), in the order written; a process ended by a crash writes one.
std::vector<std::pair<std::string, std::string>> reports_by_artifact(std::string_view log);

/// Slow signature: handler plus the resource that grew most against the baseline ("cpu",
/// "memory" or "work"): two inputs that make one handler slow through the same resource are the
/// same defect at different sizes, and the group keeps the bigger.
std::string slow_signature(std::string_view handler, const CostSample& cost,
                           const Baseline& baseline);

/// Leak signature: handler, family and rule. Timeouts and OOMs: handler and kind.
std::string leak_signature(std::string_view handler, const LeakHit& leak);
std::string kind_signature(std::string_view handler, FindingKind kind);

/// "<kind>-<8 hex digits>", stable for a signature across runs (so first_seen can be kept).
std::string finding_id(FindingKind kind, std::string_view signature);

/// True when `a` should be kept over `b` (same signature): reproducible beats flaky, then higher
/// amplification (slow), higher leak severity, then the smaller request.
bool is_worse(const Finding& a, const Finding& b);

/// One finding per signature, the worst of each group, ordered by kind then amplification.
std::vector<Finding> deduplicate(std::vector<Finding> findings);

/// When triage calls a measured input slow (the scenario's fuzz.slow_threshold and
/// gates.amplification).
struct SlowRule {
  double ratio = 10;         ///< 0: no ratio threshold
  std::optional<double> ms;  ///< absolute threshold, whatever the request's size
  AmplificationBasis basis = AmplificationBasis::size_aware;
};

/// The slow verdict on an input the harness measured as slow against the raw threshold (the
/// wide net fuzzing casts). `raw_ratio` is the larger of its wall-time and delegated-work
/// ratios to the baseline. With the size-aware basis that ratio is taken per request byte, so a
/// request 200 times the baseline's size that costs 200 times as much is not slow.
bool slow_verdict(double raw_ratio, std::uint64_t request_bytes,
                  std::uint64_t baseline_request_bytes, std::uint64_t median_ns,
                  const SlowRule& rule) noexcept;

/// The amplification a finding is judged by under `basis` (the raw one when the size-aware one
/// was not measured).
double judged_amplification(const Finding& f, AmplificationBasis basis) noexcept;

/// How `shown` of `runs` confirmation re-runs turn into the two flags.
struct Confirmation {
  bool reproducible = false;  ///< every re-run showed the finding
  bool flaky = false;         ///< some did and some did not (or none did, for a kept crash)
};
Confirmation confirm(int shown, int runs) noexcept;

}  // namespace walletfuzz::fuzzers
