#pragma once
// Internal: failing on denial-of-wallet findings (FailOnPolicy, fuzz_target.hpp). Engines that
// file only crashes (ClusterFuzzLite, OSS-Fuzz) never set WALLETFUZZ_FINDINGS_DIR, so a slow,
// leaking, out-of-memory or timed-out input would go unreported there; with a policy, fuzz mode
// prints one ==WALLETFUZZ== line and aborts, and libFuzzer saves the input as crash-<sha1>.

#include <filesystem>
#include <string>

#include "walletfuzz/fuzzers/fuzz_target.hpp"

namespace walletfuzz::fuzzers::detail {

/// Where fuzz mode reads its policy from: `setting` (WALLETFUZZ_FAIL_ON) when it names a file;
/// nothing for "off"; else `<running binary>.walletfuzz.yaml` when that file exists (the engines
/// ship every file of $OUT with the binary). An empty path: no policy.
std::filesystem::path fail_on_file(const std::string& setting);

/// The line fuzz mode fails with for `outcome` (without the "==WALLETFUZZ== " prefix), or an
/// empty string when the policy does not name it. `amplification` is the outcome's, as the
/// max-amplification lines count it.
std::string fail_on_verdict(const FailOnPolicy& policy, const InvocationHarness& harness,
                            const InvocationOutcome& outcome, double amplification);

/// Prints "==WALLETFUZZ== <verdict>" as the first line of the report and aborts, so libFuzzer's
/// deadly-signal handler saves the input (crash-<sha1>) as for any crash.
[[noreturn]] void fail_like_a_crash(const std::string& verdict);

/// "2,417x": an amplification as the failure line prints it (whole, thousands grouped).
std::string amplification_text(double amplification);

}  // namespace walletfuzz::fuzzers::detail
