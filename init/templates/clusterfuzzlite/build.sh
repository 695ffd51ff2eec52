#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script of @PROJECT@, written by `walletfuzz init clusterfuzzlite`.
# Builds each walletfuzz application binary (walletfuzz_add_app) with the engine's $CXX,
# $CXXFLAGS and $LIB_FUZZING_ENGINE, and puts into $OUT, for each one:
#   <app>                    the libFuzzer target (one binary serves every handler)
#   <app>_seed_corpus.zip    its handlers' baseline requests
#   <app>.dict               HTTP/JSON tokens plus its routes, parameter names and JSON keys
#   <app>.options            libFuzzer options: the dictionary, the input size, the time limit
#   <app>.walletfuzz.yaml    fail_on: slow, leaking, out-of-memory and timed-out inputs abort like
#                            crashes (edit .clusterfuzzlite/<app>.walletfuzz.yaml)
# It runs outside a container too, e.g.:
#   CXX=clang++ CXXFLAGS='-O1 -g -fsanitize=address,fuzzer-no-link' \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out WORK=/tmp/work bash .clusterfuzzlite/build.sh
# walletfuzz itself: an installed package named by WALLETFUZZ_PREFIX (or CMAKE_PREFIX_PATH), else
# its source at $SRC/walletfuzz, built here, else whatever your CMakeLists brings in.
src=$(cd "$(dirname "$0")/.." && pwd)
: "${CXX:?set by the fuzzing infrastructure}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}"
CXXFLAGS=${CXXFLAGS:-}
work=${WORK:-$OUT/..}
apps=(@APPS@)
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
mkdir -p "$OUT" "$work"

prefix=${WALLETFUZZ_PREFIX:-}
if [[ -z $prefix && -d ${SRC:-/nonexistent}/walletfuzz ]]; then
  # Plain C++ libraries: the fuzzing flags go to the application's own sources only.
  prefix=$work/walletfuzz-prefix
  cmake -S "$SRC/walletfuzz" -B "$work/walletfuzz-build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$CXX" \
    -DWALLETFUZZ_BUILD_TESTS=OFF -DWALLETFUZZ_BUILD_BENCH=OFF
  cmake --build "$work/walletfuzz-build" -j "$(nproc)"
  cmake --install "$work/walletfuzz-build" --prefix "$prefix" > /dev/null
fi

build=$work/@PROJECT@-build
# Flags come from the environment only: CMake passes CMAKE_CXX_FLAGS to the link step too, where
# walletfuzz_add_app adds $LIB_FUZZING_ENGINE.
cmake -S "$src" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DLIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  ${prefix:+-DCMAKE_PREFIX_PATH="$prefix"}
cmake --build "$build" -j "$(nproc)" --target "${apps[@]}"

for app in "${apps[@]}"; do
  binary=$(find "$build" -type f -name "$app" -perm -u+x -print -quit)
  [[ -n $binary ]] || { echo "build.sh: no binary named $app under $build" >&2; exit 1; }
  cp "$binary" "$OUT/$app"
  cp "$src/.clusterfuzzlite/$app.walletfuzz.yaml" "$OUT/"
  seeds=$work/seeds-$app
  rm -rf "$seeds" && mkdir -p "$seeds"
  # The binary writes its own dictionary and each handler's baseline requests.
  WALLETFUZZ_MODE=export "$OUT/$app" "$OUT/$app.dict" "$seeds" > /dev/null
  rm -f "$OUT/${app}_seed_corpus.zip"
  (cd "$seeds" && cmake -E tar cf "$OUT/${app}_seed_corpus.zip" --format=zip -- *)
  # A request is small; the time limit leaves room for a handler's own timeout and its re-check.
  printf '[libfuzzer]\ndict = %s.dict\nmax_len = 8192\ntimeout = 60\n' "$app" > "$OUT/$app.options"
done
echo "build.sh: ${#apps[@]} fuzz target(s) in $OUT: ${apps[*]}"
