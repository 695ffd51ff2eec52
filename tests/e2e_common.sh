# Sourced by the end-to-end test scripts: exits 77 (CTest: skipped) unless $1 is a libFuzzer build
# of a walletfuzz fuzz target (a replay build answers "engine":"replay" in list mode).
require_libfuzzer_target() {
  if [[ ! -x $1 ]] || ! WALLETFUZZ_MODE=list "$1" | grep -q '"engine":"libfuzzer"'; then
    echo "SKIP: no libFuzzer build at $1 (cmake --preset fuzz && cmake --build --preset fuzz --target sample_app_fuzz)"
    exit 77
  fi
}
