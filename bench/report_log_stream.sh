#!/usr/bin/env bash
# `walletfuzz cost --lambda-log` end to end on a generated ~100 MB CloudWatch export of REPORT
# lines (the shape of bench/report_log_bench.cpp's log), pinned to one CPU: wall time, MB/s and
# peak RSS from /usr/bin/time -v; then a log of 500,000 malformed REPORT lines, whose stderr must
# be a dozen lines. See docs/PERFORMANCE.md ("REPORT logs").
# Usage: bench/report_log_stream.sh WALLETFUZZ_BINARY [CPU] [WORK_DIR]
set -euo pipefail
wf=$1 cpu=${2:-1} work=${3:-${TMPDIR:-/tmp}/walletfuzz_report_log_stream}
mkdir -p "$work"
log=$work/report.log bad=$work/malformed.log

if [[ ! -s $log ]]; then
  awk 'BEGIN {
    srand(42);
    for (n = 0; bytes < 100000000; n++) {
      d = int(rand() * 200000) / 100.0;
      line = sprintf("2026-11-28T12:%02d:%02d.%03dZ\tREPORT RequestId: %08x-%04x-4%03x-8%03x-%012x\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 1024 MB\tMax Memory Used: %d MB", int(n / 60000) % 60, int(n / 1000) % 60, n % 1000, rand() * 4294967295, rand() * 65535, rand() * 4095, rand() * 4095, n, d, int(d) + 1, 64 + int(rand() * 900));
      if (n % 10 == 0) line = line "\tInit Duration: 245.31 ms";
      line = line "\t";
      print line;
      bytes += length(line) + 1;
    }
  }' >"$log"
fi
if [[ ! -s $bad ]]; then
  awk 'BEGIN { for (n = 1; n <= 500000; n++) printf "REPORT RequestId: r%d Duration: soon\n", n }' >"$bad"
fi

measure() {  # measure NAME LOG: one pinned run, its figures on one line
  local name=$1 file=$2
  taskset -c "$cpu" /usr/bin/time -v "$wf" cost --lambda-log "$file" --memory-mb 1024 \
    >"$work/$name.out" 2>"$work/$name.err" || true
  local wall rss mb
  wall=$(grep 'Elapsed (wall clock)' "$work/$name.err" | awk '{print $NF}' | awk -F: '{print ($1 * 60) + $2}')
  rss=$(grep 'Maximum resident set size' "$work/$name.err" | awk '{print $NF}')
  mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
  printf '%s: %s MB in %s s = %s MB/s, user %s s, peak RSS %d MB, stderr lines from walletfuzz %d\n' \
    "$name" "$mb" "$wall" "$(awk -v m="$mb" -v w="$wall" 'BEGIN { printf "%.0f", m / w }')" \
    "$(grep 'User time' "$work/$name.err" | awk '{print $NF}')" "$((rss / 1024))" \
    "$(grep -c '^walletfuzz' "$work/$name.err" || true)"
  cat "$work/$name.out"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), CPU $cpu of $(nproc)"
measure report "$log"
measure malformed "$bad"
