#!/usr/bin/env bash
# Side-by-side measurements of the cost-guided fuzzers (docs/PERFORMANCE.md, "Fuzzers").
#  1. Cost feedback vs none: each planted slow defect of the sample app fuzzed alone on one core
#     for SECONDS, RUNS times per side (seeds 1..RUNS); per run the highest amplification found
#     and the time to first reach 100x (from the harness's max-amplification lines); medians.
#  2. Harness overhead: exec/s of the full harness (cost measurement + leak scan + feedback) vs
#     the bare target (WALLETFUZZ_BARE=1: parse + invoke) on the same handler and seeds.
# Usage: bench/fuzz_compare.sh [SECONDS=60] [RUNS=5]   (needs build/fuzz/fuzz/sample_app_fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60} runs=${2:-5}
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
  local h=$1 fb=$2 seed=$3 corpus=$work/corpus-$1-$2-$3
  mkdir -p "$corpus"
  WALLETFUZZ_HANDLER=$h WALLETFUZZ_COST_FEEDBACK=$fb WALLETFUZZ_FINDINGS_DIR=$work/cand \
    "$target" -seed="$seed" -max_total_time="$seconds" -timeout=20 -max_len=4096 -detect_leaks=0 \
    -artifact_prefix="$work/art-" "$corpus" "$(seed_dir "$h")" 2>&1 |
    awk '/walletfuzz: max-amplification/ {
           for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
           if (v["amplification"] + 0 > best) best = v["amplification"] + 0
           if (t100 == "" && v["amplification"] + 0 >= 100) t100 = v["t"] }
         END { printf "%s %s\n", best + 0, (t100 == "" ? "never" : t100) }'
}

echo "# 1. cost feedback vs none: ${seconds}s per run, $runs runs per side, one core"
printf "%-16s %-9s %-22s %-18s %s\n" handler feedback "max amplification" "time to 100x (s)" "runs reaching 100x"
for h in signup list-orders import-contacts; do
  for fb in 1 0; do
    : > "$work/r"
    for seed in $(seq 1 "$runs"); do one_run "$h" "$fb" "$seed" >> "$work/r"; done
    amp=$(cut -d' ' -f1 "$work/r" | median)
    reached=$(grep -vc never "$work/r" || true)
    # Median time to 100x, counting runs that never got there as the whole budget.
    t=$(awk -v s="$seconds" '{print ($2 == "never" ? s : $2)}' "$work/r" | median)
    printf "%-16s %-9s %-22s %-18s %s/%s\n" "$h" "$([[ $fb == 1 ]] && echo on || echo off)" "$amp" "$t" "$reached" "$runs"
  done
done

echo "# 2. harness overhead: exec/s over 10 s on the baselines, $runs runs each"
printf "%-16s %-12s %-12s %s\n" handler bare harness overhead
for h in list-orders get-config create-payment; do
  for mode in bare harness; do
    : > "$work/e"
    for seed in $(seq 1 "$runs"); do
      corpus=$work/oc-$h-$mode-$seed; mkdir -p "$corpus"; cp "$(seed_dir "$h")"/* "$corpus"/
      WALLETFUZZ_HANDLER=$h WALLETFUZZ_BARE=$([[ $mode == bare ]] && echo 1 || echo 0) \
        "$target" -seed="$seed" -max_total_time=10 -detect_leaks=0 -runs=100000000 \
        -artifact_prefix="$work/oart-" -print_final_stats=1 "$corpus" 2>&1 |
        awk '/stat::number_of_executed_units/ {n=$2} /stat::average_exec_per_sec/ {print $2}' >> "$work/e"
    done
    eval "$mode=$(median < "$work/e")"
  done
  printf "%-16s %-12s %-12s %s\n" "$h" "$bare" "$harness" \
    "$(awk -v b="$bare" -v x="$harness" 'BEGIN {printf "%.1f%%", (b - x) / b * 100}')"
done
