#!/usr/bin/env bash
# The whole test suite, as README.md and .ci/run invoke it: installs what is missing, then builds
# and runs every test under the dev preset (g++, strict warnings), then under the asan preset
# (AddressSanitizer + UBSan), then builds the fuzz preset (clang + libFuzzer) and runs each fuzz
# target briefly with a fixed seed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

jobs=$(nproc)
for preset in dev asan; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset"
done

if [[ -f scripts/fuzz_smoke.sh ]]; then
  echo "== fuzz smoke"
  bash scripts/fuzz_smoke.sh
fi
