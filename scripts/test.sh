#!/usr/bin/env bash
# The whole test suite, as README.md and .ci/run invoke it: installs what is missing, then
#  1. builds the fuzz preset (clang + libFuzzer + ASan/UBSan) and runs each fuzz target briefly
#     with a fixed seed; this also leaves the libFuzzer build of sample_app_fuzz that the
#     end-to-end tests fuzz with, and runs the fail_on test on a libFuzzer build of a test app;
#  2. builds the tool and its libraries under the dev preset (g++, warnings as errors), checks the
#     installed package with examples/own-app (scripts/own_app_check.sh: it installs this dev
#     build, so walletfuzz is not built again) and runs the end-to-end tests;
#  3. builds and runs every unit test under the asan preset (ASan + UBSan, clang at -O0 with the
#     same warnings as errors), except the end-to-end ones, which drive the already sanitized
#     fuzz-preset target and would only run twice as long.
# The unit tests are built once, under asan: building them under dev too took about 45% of the
# dev build and ran the same tests without the sanitizers (docs/PERFORMANCE.md, "The test
# suite's time"). `ctest --preset dev` after a full dev build still runs them all by hand.
# `--quick` skips step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# npm tools of the tests (the workflow schema check); that test itself fails when they are
# missing and the registry is reachable, and skips, saying so, only when it is not.
bash scripts/install_test_tools.sh || echo "test.sh: test tools from npm not installed" >&2

jobs=$(nproc)
started=$SECONDS
step() { echo "== $* ($((SECONDS - started)) s in)"; }

# Every build below compiles each module's files 8 to a translation unit (WALLETFUZZ_UNITY_BUILD,
# kept in each build tree's cache): the whole builds take about half the time.
unity=-DWALLETFUZZ_UNITY_BUILD=ON

step "fuzz smoke"
cmake --preset fuzz "$unity" >/dev/null
bash scripts/fuzz_smoke.sh
cmake --build --preset fuzz -j "$jobs" --target sample_app_fuzz slow_app
# An app binary with a fail_on file aborts on a slow input like on a crash (tests/app).
ctest --preset fuzz --label-regex libfuzzer

step "preset dev: the tool and its libraries"
cmake --preset dev "$unity" >/dev/null
# Every directory's targets but the tests', from the build graph, so a new module is included.
mapfile -t product < <(ninja -C build/dev -t targets all |
  sed -n 's|^\([^ :]*\)/all: phony$|\1/all|p' | grep -v '^tests/')
cmake --build --preset dev -j "$jobs" --target "${product[@]}"
step "own app against the installed package"
bash scripts/own_app_check.sh build/dev
# No retries: the end-to-end searches are bounded by executions, not seconds, so what they find
# does not depend on the machine's speed (tests/fuzzers/fuzz_e2e_test.sh, docs/PERFORMANCE.md).
step "end to end (dev)"
# Beside them, issue #21's in-process acceptance of growth fitting (label acceptance): it fits
# measured CPU times, which ASan at -O0 makes too noisy for the exponential case.
cmake --build --preset dev -j "$jobs" --target fuzzers_growth_acceptance_test
ctest --preset dev --label-regex 'e2e|acceptance'

if [[ ${1:-} != --quick ]]; then
  step "preset asan: every unit test"
  cmake --preset asan "$unity" >/dev/null
  cmake --build --preset asan -j "$jobs"
  # Label nightly: end-to-end tests not yet shown to find what they assert every time
  # (fuzzers_e2e_http_target); run them by hand with `ctest --preset dev -L nightly`.
  ctest --preset asan --label-exclude 'e2e|acceptance|nightly'
fi
step "all tests passed"
