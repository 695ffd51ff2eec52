#!/usr/bin/env bash
# The main job end to end on the bundled sample app, on one machine and loopback only: installs
# what is missing, builds walletfuzz (release) and the libFuzzer build of the sample app's fuzz
# target (fuzz preset, clang), then runs the whole pipeline on scenarios/demo.yaml:
# fuzz → triage → replay → cost → report. The report's path is printed at the end; the exit code
# is the gates' verdict (1 on the sample app, which is vulnerable by design).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

jobs=$(nproc)
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs" --target walletfuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target sample_app_fuzz

export WALLETFUZZ_FUZZ_TARGET="$PWD/build/fuzz/fuzz/sample_app_fuzz"
exec build/release/cli/walletfuzz run scenarios/demo.yaml "$@"
