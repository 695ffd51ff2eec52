#pragma once
// The fail_on file of an application binary: `<binary>.walletfuzz.yaml` beside it (or the file
// WALLETFUZZ_FAIL_ON names), which ClusterFuzzLite and OSS-Fuzz ship with the binary from $OUT.
// It names the denial-of-wallet findings that end fuzz mode the way a crash does:
//
//   # shop.walletfuzz.yaml
//   fail_on:
//     amplification: 100   # a confirmed slow input at 100x the baseline or more
//     leak: true           # a response that leaks (stack trace, verbose error, secret)
//     oom: true            # the handler went past its memory size
//     timeout: true        # the handler ran into its timeout
//
// `walletfuzz init clusterfuzzlite` writes one; docs/FUZZING.md describes what a failure prints.

#include <filesystem>
#include <string_view>

#include "walletfuzz/fuzzers/fuzz_target.hpp"

namespace walletfuzz::app {

/// Reads the policy from YAML text; `file` names it in problems. Throws InputProblems listing
/// every problem with file:line:column (an unknown key with "did you mean", a value of the
/// wrong type or out of range).
fuzzers::FailOnPolicy parse_fail_on(std::string_view yaml_text, const std::string& file);

/// parse_fail_on of a file; InputError naming the file if it cannot be read.
fuzzers::FailOnPolicy read_fail_on_file(const std::filesystem::path& path);

}  // namespace walletfuzz::app
