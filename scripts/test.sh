#!/usr/bin/env bash
# The whole test suite, as README.md and .ci/run invoke it: installs what is missing, then
#  1. builds the fuzz preset (clang + libFuzzer + ASan/UBSan) and runs each fuzz target briefly
#     with a fixed seed; this also leaves the libFuzzer build of sample_app_fuzz that the
#     end-to-end tests of step 2 fuzz with;
#  2. builds and runs every test under the dev preset (g++, strict warnings), end to end included,
#     and checks the installed package with examples/own-app (scripts/own_app_check.sh, ~1.5 min:
#     it installs this dev build, so walletfuzz is not built again);
#  3. builds and runs every test under the asan preset (ASan + UBSan, clang at -O0: it builds in
#     5 minutes where g++ at -O1 took 12), except the end-to-end ones, which drive the already
#     sanitized fuzz-preset target and would only run twice as long.
# `--quick` stops after step 2.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

jobs=$(nproc)
started=$SECONDS
step() { echo "== $* ($((SECONDS - started)) s in)"; }

step "fuzz smoke"
bash scripts/fuzz_smoke.sh
cmake --build --preset fuzz -j "$jobs" --target sample_app_fuzz

step "preset dev"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
ctest --preset dev --label-exclude e2e
# No retries: the end-to-end searches are bounded by executions, not seconds, so what they find
# does not depend on the machine's speed (tests/fuzzers/fuzz_e2e_test.sh, docs/PERFORMANCE.md).
step "own app against the installed package"
bash scripts/own_app_check.sh build/dev
step "end to end (dev)"
ctest --preset dev --label-regex e2e

if [[ ${1:-} != --quick ]]; then
  step "preset asan"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan --label-exclude e2e
fi
step "all tests passed"
