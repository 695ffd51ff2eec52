#!/usr/bin/env bash
# The "bring your own handlers" contract, as a user meets it (docs/OWN_HANDLERS.md): install
# walletfuzz into a fresh prefix, build examples/own-app against that installed package (not the
# source tree) with clang, replay its regression corpus with CTest, `walletfuzz run` its scenario,
# and check that both of its defects are found: search-products' slow path (slow or timeout) and
# get-receipt's leaked stack trace; and that `walletfuzz init clusterfuzzlite`'s build.sh builds it
# with the OSS-Fuzz variables set. (health, the clean one, is not asserted clean: a request of
# kilobytes against a handler that does nothing may be honestly 10x its baseline.)
#
# Usage: scripts/own_app_check.sh [BUILD_DIR]   (default build/dev, which scripts/test.sh has
# built already: the package holds libraries any compiler links, and the example's own sources
# get libFuzzer, ASan and UBSan from walletfuzz_add_app, so no extra build of walletfuzz is made)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
work=$(mktemp -d /tmp/walletfuzz-own-app-XXXXXX)
trap 'rm -rf "$work"' EXIT
started=$SECONDS
say() { echo "own-app: $* ($((SECONDS - started)) s)"; }

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
say "installed walletfuzz into a fresh prefix"

# The example as a user has it: its own directory, nothing of the source tree beside it.
cp -r examples/own-app "$work/own-app"
rm -rf "$work/own-app/build"
cmake -S "$work/own-app" -B "$work/own-app/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER=clang++-14 >"$work/configure.log"
cmake --build "$work/own-app/build" >"$work/build.log"
say "built the example against the installed package"
grep -q '"engine":"libfuzzer"' <(WALLETFUZZ_MODE=list "$work/own-app/build/shop") ||
  { echo "own-app: build/shop is not a libFuzzer build" >&2; exit 1; }
ctest --test-dir "$work/own-app/build" --output-on-failure >"$work/ctest.log" ||
  { cat "$work/ctest.log"; echo "own-app: the regression replay failed" >&2; exit 1; }

# ClusterFuzzLite: what `walletfuzz init clusterfuzzlite` writes, and its build.sh run the way a
# fuzzing job runs it, but outside a container (no base image here): the OSS-Fuzz variables set,
# the installed package as walletfuzz.
"$work/prefix/bin/walletfuzz" init clusterfuzzlite --dir "$work/own-app" --app shop >/dev/null
cfl_out=$work/cfl-out
CXX=clang++-14 CXXFLAGS='-O1 -g -fsanitize=address,undefined,fuzzer-no-link' \
  LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=$cfl_out WORK=$work/cfl-work SRC=$work/cfl-src \
  WALLETFUZZ_PREFIX=$work/prefix bash "$work/own-app/.clusterfuzzlite/build.sh" \
  >"$work/cfl-build.log" 2>&1 ||
  { tail -n 30 "$work/cfl-build.log"; echo "own-app: the generated build.sh failed" >&2; exit 1; }
for f in shop shop_seed_corpus.zip shop.dict shop.options shop.walletfuzz.yaml; do
  [[ -s $cfl_out/$f ]] || { echo "own-app: build.sh left no $f in \$OUT" >&2; exit 1; }
done
python3 -c 'import sys, zipfile; sys.exit(0 if zipfile.ZipFile(sys.argv[1]).namelist() else 1)' \
  "$cfl_out/shop_seed_corpus.zip" || { echo "own-app: the seed corpus zip is empty" >&2; exit 1; }
# The binary in $OUT reads the fail_on file beside it, loads its dictionary and runs its seeds.
mkdir -p "$work/cfl-seeds" && (cd "$work/cfl-seeds" && cmake -E tar xf "$cfl_out/shop_seed_corpus.zip")
"$cfl_out/shop" -runs=0 -dict="$cfl_out/shop.dict" "$work/cfl-seeds" >"$work/cfl-run.log" 2>&1 &&
  grep -q "fail_on from $cfl_out/shop.walletfuzz.yaml" "$work/cfl-run.log" ||
  { tail -n 20 "$work/cfl-run.log"; echo "own-app: the built target does not run" >&2; exit 1; }
say "generated ClusterFuzzLite build.sh built the example into \$OUT"

# Exit 1 is expected: the example's gates fail on its planted defects.
set +e
(cd "$work/own-app" && "$work/prefix/bin/walletfuzz" run scenario.yaml --out "$work/run") \
  >"$work/run.log" 2>&1
code=$?
set -e
say "walletfuzz run exited $code"
findings=$work/run/findings.json
if [[ $code != 1 || ! -f $findings ]]; then
  cat "$work/run.log"; tail -n 20 "$work/run/logs/"*.log 2>/dev/null || true
  echo "own-app: expected walletfuzz run to exit 1 with findings" >&2
  exit 1
fi
python3 - "$findings" <<'PY'
import json, sys
found = {(f["handler"], f["kind"]) for f in json.load(open(sys.argv[1]))["findings"]}
slow = ("search-products", "slow") in found or ("search-products", "timeout") in found
leak = ("get-receipt", "leak") in found
print("own-app: findings", sorted(found))
if not (slow and leak):
    sys.exit("own-app: expected a search-products slow/timeout finding and a get-receipt leak")
PY
say "both defects found"
