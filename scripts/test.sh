#!/usr/bin/env bash
# The whole test suite, as README.md and .ci/run invoke it: installs what is missing, then builds
# and runs every test under the dev preset (g++, strict warnings), then builds the fuzz preset
# (clang + libFuzzer + ASan/UBSan) and runs each fuzz target briefly with a fixed seed.
#
# `--asan` also builds and runs every test under the asan preset (ASan + UBSan). It is not yet
# part of the default run: the sample_app, scenarios and fuzzers tests have not all been
# verified under ASan (see the open foundation issue); add it here once they have.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

presets=(dev)
[[ ${1:-} == --asan ]] && presets+=(asan)

jobs=$(nproc)
for preset in "${presets[@]}"; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset"
done

echo "== fuzz smoke"
bash scripts/fuzz_smoke.sh
