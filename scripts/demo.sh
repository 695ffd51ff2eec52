#!/usr/bin/env bash
# The main job end to end on the bundled sample app, on one machine and loopback only: installs
# what is missing, builds walletfuzz (release) and the libFuzzer build of the sample app's fuzz
# target (fuzz preset, clang), then runs the whole pipeline on scenarios/demo.yaml:
# fuzz → triage → replay → cost → report. The report's path is printed at the end.
# `walletfuzz run` exits 1 when a gate fails, which it must on the sample app (vulnerable by
# design): the demo then still succeeds (exit 0). Any other failure (2 bad input, 3 runtime
# failure) is passed on. Extra arguments go to `walletfuzz run` (e.g. --out DIR, --fuzz-time S).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

jobs=$(nproc)
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs" --target walletfuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target sample_app_fuzz

export WALLETFUZZ_FUZZ_TARGET="$PWD/build/fuzz/fuzz/sample_app_fuzz"
set +e
build/release/cli/walletfuzz run scenarios/demo.yaml "$@"
verdict=$?
set -e
if [[ $verdict -eq 1 ]]; then
  echo "demo: gates failed, as they must on the vulnerable sample app; the demo ran end to end."
  exit 0
fi
exit "$verdict"
