#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script: compiles every fuzz target with the fuzzing
# infrastructure's $CXX, $CXXFLAGS and $LIB_FUZZING_ENGINE and puts each one in $OUT with a
# <target>_seed_corpus.zip (and sample_app_fuzz's <target>.dict), the names those tools look for.
#
# The same script runs outside their containers; this reproduces what a fuzzing job would build:
#   CXX=clang++-14 CXXFLAGS='-O1 -g -fsanitize=address,undefined,fuzzer-no-link' \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/cfl-out WORK=/tmp/cfl-work \
#   bash .clusterfuzzlite/build.sh
src=$(cd "$(dirname "$0")/.." && pwd)
: "${CXX:?set by the fuzzing infrastructure}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}"
CXXFLAGS=${CXXFLAGS:-}
build=${WORK:-$OUT/..}/walletfuzz-build
mkdir -p "$OUT" "$build"

# Flags come from the environment only (no preset): CMake passes CMAKE_CXX_FLAGS to the link
# step too, where $LIB_FUZZING_ENGINE is added by walletfuzz_add_fuzz_target.
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DLIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  -DWALLETFUZZ_BUILD_TESTS=OFF -DWALLETFUZZ_BUILD_BENCH=OFF

# <target> <seed directory under the source tree, or "export" for the target's own baselines>
targets=(
  "sample_app_fuzz export"
  "scenario_loader_fuzz scenarios"
  "cost_report_log_fuzz tests/data/cost"
  "leak_scan_fuzz tests/data/leaks/samples"
  "reports_inputs_fuzz tests/data/reports/fuzz_seeds"
  "report_line_fuzz cost_model/fuzz/report_line_seeds"
)
names=()
for line in "${targets[@]}"; do names+=("${line%% *}"); done
cmake --build "$build" -j "$(nproc)" --target "${names[@]}"

for line in "${targets[@]}"; do
  name=${line%% *} seeds=${line#* }
  cp "$build/fuzz/$name" "$OUT/"
  [[ -f $build/fuzz/$name.dict ]] && cp "$build/fuzz/$name.dict" "$OUT/"
  corpus=$build/seeds-$name
  rm -rf "$corpus" && mkdir -p "$corpus"
  if [[ $seeds == export ]]; then
    # The target writes its dictionary (HTTP/JSON tokens plus every handler's vocabulary) and
    # each handler's baseline requests.
    WALLETFUZZ_MODE=export "$OUT/$name" "$OUT/$name.dict" "$corpus" > /dev/null
  else
    find "$src/$seeds" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
  fi
  rm -f "$OUT/${name}_seed_corpus.zip"
  (cd "$corpus" && cmake -E tar cf "$OUT/${name}_seed_corpus.zip" --format=zip -- *)
done
echo "walletfuzz: ${#names[@]} fuzz targets in $OUT"
