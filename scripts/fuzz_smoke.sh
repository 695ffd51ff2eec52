#!/usr/bin/env bash
# Builds the fuzz preset (clang + libFuzzer + ASan/UBSan) and runs each fuzz target briefly with a
# fixed seed, so malformed input that crashes a parser is caught in CI. One line per target below.
# All targets are built in one go, then run as many at a time as there are cores (each libFuzzer
# process is single-threaded), with each one's output printed whole when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset fuzz >/dev/null

fuzz_dir=build/fuzz/fuzz
artifacts=build/fuzz/smoke-artifacts  # a crashing input is kept here to reproduce the failure
mkdir -p "$artifacts"
work=$(mktemp -d /tmp/walletfuzz-smoke-XXXXXX)
trap 'rm -rf "$work"' EXIT

# Targets (one line each): <name> <seconds> <seed dir or -> [VAR=value exported for that run only]
# sample_app_fuzz runs the fixed variant, which has no planted defects, so any report is a bug;
# its seeds are the regression inputs (each triggers a planted defect of the vulnerable variant).
targets=(
  "scenario_loader_fuzz 10 scenarios"
  "cost_report_log_fuzz 10 tests/data/cost"
  "leak_scan_fuzz 10 tests/data/leaks/samples"
  "reports_inputs_fuzz 10 tests/data/reports/fuzz_seeds"
  "report_line_fuzz 10 cost_model/fuzz/report_line_seeds"
  "sample_app_fuzz 10 fuzzers/regression/sample_app WALLETFUZZ_SAMPLE_VARIANT=fixed"
)

names=()
for line in "${targets[@]}"; do names+=("${line%% *}"); done
if ! cmake --build --preset fuzz -j "$(nproc)" --target "${names[@]}" >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log"
  echo "fuzz smoke: building the fuzz targets failed" >&2
  exit 1
fi

run_target() {  # run_target <name> <seconds> <seed dir or -> [VAR=value]; output in $work/<name>.out
  local name=$1 seconds=$2 seeds=$3 assignment=${4:-}
  local corpus=$work/corpus-$name
  mkdir -p "$corpus"
  [[ $seeds != - && -d $seeds ]] && cp -r "$seeds"/. "$corpus"/
  {
    echo "fuzz smoke: $name for ${seconds}s${assignment:+ ($assignment)}"
    env ${assignment:+"$assignment"} "$fuzz_dir/$name" -seed=1 -max_total_time="$seconds" \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" \
      > "$work/$name.log" 2>&1
    local rc=$?
    tail -n 4 "$work/$name.log"
    exit "$rc"
  } > "$work/$name.out" 2>&1
}

# Run in batches of $(nproc); a failure anywhere fails the smoke after every target has run.
failed=()
batch=()
flush() {
  local pid name
  for entry in "${batch[@]}"; do
    pid=${entry%%:*} name=${entry#*:}
    if ! wait "$pid"; then failed+=("$name"); fi
    cat "$work/$name.out"
  done
  batch=()
}
for line in "${targets[@]}"; do
  # shellcheck disable=SC2086  # the line is split into run_target's arguments on purpose
  (set +e; run_target $line) &
  batch+=("$!:${line%% *}")
  if ((${#batch[@]} >= $(nproc))); then flush; fi
done
flush
if ((${#failed[@]})); then
  echo "fuzz smoke: failed: ${failed[*]} (inputs in $artifacts/)" >&2
  exit 1
fi
