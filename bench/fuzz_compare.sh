#!/usr/bin/env bash
# Side-by-side measurements of the cost-guided fuzzers (docs/PERFORMANCE.md, "Fuzzers").
#  1. Cost feedback vs none: each planted slow defect of the sample app fuzzed alone on one core
#     for SECONDS, RUNS times per side (seeds 1..RUNS); per run the highest amplification found
#     and the time to first reach 100x (from the harness's max-amplification lines); medians.
#  2. Harness overhead: exec/s of the full harness (cost measurement + leak scan + feedback) vs
#     the bare target (WALLETFUZZ_BARE=1: parse + invoke) replaying the same inputs.
# Usage: bench/fuzz_compare.sh [SECONDS=60] [RUNS=5] [all|feedback|overhead]
#        (needs build/fuzz/fuzz/sample_app_fuzz; WALLETFUZZ_BENCH_HANDLERS="signup ..." limits
#        part 1 to some of the defects, e.g. to run them on two cores at once with taskset;
#        WALLETFUZZ_BENCH_MAX_LEN sets -max_len, default 65536 as walletfuzz fuzz uses)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60} runs=${2:-5} part=${3:-all}
target=${WALLETFUZZ_FUZZ_TARGET:-build/fuzz/fuzz/sample_app_fuzz}
[[ -x $target ]] || { echo "build it first: cmake --preset fuzz && cmake --build --preset fuzz --target sample_app_fuzz" >&2; exit 3; }
work=$(mktemp -d /tmp/walletfuzz-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

# Seeds: the handler's baseline requests, written by the target itself (measure needs none).
seed_dir() {  # seed_dir <handler> -> directory with its baselines
  local dir=$work/seeds-$1
  if [[ ! -d $dir ]]; then
    mkdir -p "$dir"
    WALLETFUZZ_MODE=list "$target" | WF_H=$1 WF_D=$dir perl -MJSON::PP -0777 -ne '
      my $d = JSON::PP->new->allow_nonref->decode($_);
      for my $h (@{$d->{handlers}}) { next unless $h->{name} eq $ENV{WF_H}; my $i = 0;
        for my $r (@{$h->{baseline_requests}}) { open(my $f, ">:raw", "$ENV{WF_D}/b$i.http"); print $f $r; $i++ } }'
  fi
  echo "$dir"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "n/a")}'; }

one_run() {  # one_run <handler> <feedback 0|1> <seed> -> "max_amplification time_to_100x"
  local h=$1 fb=$2 seed=$3 corpus=$work/corpus-$1-$2-$3 log=$work/log-$1-$2-$3 t0 t1
  mkdir -p "$corpus"
  t0=$(date +%s.%N)
  # libFuzzer exits non-zero when an input runs past -timeout or crashes: on a planted defect
  # that ends the run early, it is not a failure of the measurement.
  WALLETFUZZ_HANDLER=$h WALLETFUZZ_COST_FEEDBACK=$fb WALLETFUZZ_FINDINGS_DIR=$work/cand \
    "$target" -seed="$seed" -max_total_time="$seconds" -timeout=20 \
    -max_len="${WALLETFUZZ_BENCH_MAX_LEN:-65536}" -detect_leaks=0 \
    -artifact_prefix="$work/art-" "$corpus" "$(seed_dir "$h")" > "$log" 2>&1 || true
  t1=$(date +%s.%N)
  # An input that runs past -timeout ends the run without a max-amplification line of its own,
  # yet it is the most expensive input of the run: it counts as (seconds it ran, from libFuzzer's
  # ALARM line) / the baseline median, a lower bound, first reached when it started
  # (the run's end minus those seconds).
  awk -v run_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" '
    function read_fields(   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    /walletfuzz: handler=/ { read_fields(); baseline_s = v["baseline_wall_ns"] / 1e9 }
    /walletfuzz: max-amplification/ {
      read_fields()
      if (v["amplification"] + 0 > best) best = v["amplification"] + 0
      if (t100 == "" && v["amplification"] + 0 >= 100) t100 = v["t"] }
    /ALARM: working on the last Unit for/ { for (i = 1; i <= NF; i++) if ($i == "for") ran_s = $(i + 1) }
    END {
      if (ran_s > 0 && baseline_s > 0) {
        a = ran_s / baseline_s
        if (a > best) best = a
        if (t100 == "" && a >= 100) t100 = sprintf("%.3f", run_s - ran_s)
        hung = sprintf(" (ended by an input that ran %s s, started at %.1f s)", ran_s, run_s - ran_s)
      }
      printf "%s %s%s\n", best + 0, (t100 == "" ? "never" : t100), hung }' "$log"
}

if [[ $part == all || $part == feedback ]]; then
echo "# 1. cost feedback vs none: ${seconds}s per run, $runs runs per side, one core"
printf "%-16s %-9s %-22s %-18s %s\n" handler feedback "max amplification" "time to 100x (s)" "runs reaching 100x"
for h in ${WALLETFUZZ_BENCH_HANDLERS:-signup list-orders import-contacts}; do
  for fb in 1 0; do
    : > "$work/r"
    for seed in $(seq 1 "$runs"); do
      one_run "$h" "$fb" "$seed" >> "$work/r"
      echo "#   $h feedback=$fb seed=$seed: max amplification, time to 100x: $(tail -1 "$work/r")"
    done
    amp=$(cut -d' ' -f1 "$work/r" | median)
    # The detail lines above keep their notes; the medians read the first two fields only.
    reached=$(grep -vc never "$work/r" || true)
    # Median time to 100x, counting runs that never got there as the whole budget.
    t=$(awk -v s="$seconds" '{print ($2 == "never" ? s : $2)}' "$work/r" | median)
    printf "%-16s %-9s %-22s %-18s %s/%s\n" "$h" "$([[ $fb == 1 ]] && echo on || echo off)" "$amp" "$t" "$reached" "$runs"
  done
done

fi

[[ $part == all || $part == overhead ]] || exit 0
echo "# 2. harness overhead: exec/s replaying the same inputs, fixed variant, $runs runs each"
# Both modes must execute the same inputs, so this does not fuzz (a harness run and a bare run
# evolve different corpora, and their exec/s would compare different work). Instead a corpus is
# grown once per handler (coverage only, seed 1, 30,000 runs: the same corpus every time),
# copied 30 times, and each mode runs it with -runs=0 (libFuzzer executes every corpus file
# once, then stops). exec/s = the extra inputs / the extra time over the same run on one file,
# which cancels start-up (the harness measures baselines at start). The modes alternate within
# each repetition so that drift in the machine's speed hits all three alike.
# "measured" is the harness with cost feedback off: measurement and leak scan only, without the
# libFuzzer bookkeeping of the extra features the cost buckets add.
printf "%-16s %-7s %-11s %-15s %-15s %-16s %s\n" handler inputs "bare exec/s" \
  "measured exec/s" "harness exec/s" "overhead (meas.)" "overhead (harness)"
timed_run() {  # timed_run <handler> <mode> <corpus> -> seconds
  local t0 t1 bare=0 feedback=1
  [[ $2 == bare ]] && bare=1
  [[ $2 == measured ]] && feedback=0
  t0=$(date +%s.%N)
  WALLETFUZZ_SAMPLE_VARIANT=fixed WALLETFUZZ_HANDLER=$1 WALLETFUZZ_BARE=$bare \
    WALLETFUZZ_COST_FEEDBACK=$feedback \
    "$target" -runs=0 -detect_leaks=0 -rss_limit_mb=4096 "$3" > /dev/null 2>&1 || true
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}'
}
modes=(bare measured harness)
for h in list-orders get-config create-payment; do
  grown=$work/grown-$h one=$work/one-$h many=$work/many-$h
  mkdir -p "$grown" "$one" "$many"
  cp "$(seed_dir "$h")"/* "$grown"/
  { WALLETFUZZ_SAMPLE_VARIANT=fixed WALLETFUZZ_HANDLER=$h WALLETFUZZ_COST_FEEDBACK=0 "$target" \
      -seed=1 -runs=30000 -detect_leaks=0 -artifact_prefix="$work/oart-" "$grown" \
      > /dev/null 2>&1 || true; }
  cp "$(seed_dir "$h")/b0.http" "$one"/
  # libFuzzer reads corpus directories recursively: the copies are sub-directories.
  for copy in $(seq 1 30); do cp -r "$grown" "$many/$copy"; done
  inputs=$(find "$many" -type f | wc -l)
  for mode in "${modes[@]}"; do : > "$work/e-$mode"; done
  for _ in $(seq 1 "$runs"); do
    for mode in "${modes[@]}"; do
      small=$(timed_run "$h" "$mode" "$one")
      big=$(timed_run "$h" "$mode" "$many")
      awk -v n="$inputs" -v s="$small" -v b="$big" 'BEGIN {printf "%.0f\n", (n - 1) / (b - s)}' \
        >> "$work/e-$mode"
    done
  done
  for mode in "${modes[@]}"; do eval "$mode=$(median < "$work/e-$mode")"; done
  overhead() { awk -v b="$bare" -v x="$1" 'BEGIN {printf "%.1f%%", (b - x) / b * 100}'; }
  printf "%-16s %-7s %-11s %-15s %-15s %-16s %s\n" "$h" "$inputs" "$bare" "$measured" \
    "$harness" "$(overhead "$measured")" "$(overhead "$harness")"
done
