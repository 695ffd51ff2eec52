#!/usr/bin/env bash
# Builds the fuzz preset (clang + libFuzzer + ASan/UBSan) and runs each fuzz target briefly with a
# fixed seed, so malformed input that crashes a parser is caught in CI. One line per target below.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset fuzz >/dev/null

fuzz_dir=build/fuzz/fuzz
run_target() {  # run_target <name> <seconds> [seed corpus dir]
  local name=$1 seconds=$2 seeds=${3:-}
  local work
  # Build only the fuzz targets (the fuzz preset instruments everything; the tests are not needed).
  local build_log
  build_log=$(mktemp)
  if ! cmake --build --preset fuzz -j "$(nproc)" --target "$name" >"$build_log" 2>&1; then
    tail -n 40 "$build_log"
    echo "fuzz smoke: building $name failed" >&2
    return 1
  fi
  rm -f "$build_log"
  work=$(mktemp -d)
  [[ -n $seeds && -d $seeds ]] && cp -r "$seeds"/. "$work"/
  echo "fuzz smoke: $name for ${seconds}s"
  "$fuzz_dir/$name" -seed=1 -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
    "$work" 2>&1 | tail -n 4
  rm -rf "$work"
}

# Targets (one line each): run_target <name> <seconds> [seed dir]
# sample_app_fuzz runs the fixed variant, which has no planted defects, so any report is a bug
# (the assignment before run_target is exported to the fuzzer for that call only).
run_target scenario_loader_fuzz 20 scenarios
run_target cost_report_log_fuzz 20 tests/data/cost
run_target leak_scan_fuzz 20 tests/data/leaks/samples
run_target reports_inputs_fuzz 20 tests/data/reports/fuzz_seeds
run_target report_line_fuzz 20 sample_app/fuzz/report_line_seeds
WALLETFUZZ_SAMPLE_VARIANT=fixed run_target sample_app_fuzz 20
