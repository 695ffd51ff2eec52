#!/usr/bin/env bash
# Memory with many open connections: walletfuzz replay holding 10,000 keep-alive connections
# (opened before the clock starts) at a modest rate; peak RSS from /usr/bin/time.
#   bench/loadgen_connections.sh [connections=10000] [seconds=10]
source "$(dirname "$0")/loadgen_common.sh"
CONNECTIONS=${1:-10000}
SECONDS_RUN=${2:-10}
PORT=18093
start_server $PORT
LOAD=$(loadavg)
/usr/bin/time -v -o "$WORK/time.txt" taskset -c 0 "$WF" replay --request "$WORK/get.http" --out "$WORK/load.json" --json --confirm-spend \
  --target "http://127.0.0.1:$PORT" --rate 2000 --duration "$SECONDS_RUN" --connections "$CONNECTIONS" --threads 1 \
  --timeout-ms 5000 > /dev/null
RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/time.txt")
printf '%s connections, %s s at 2000 req/s: peak RSS %.1f MB; sent %s, responses %s, errors %s (load average %s)\n' \
  "$CONNECTIONS" "$SECONDS_RUN" "$(echo "$RSS_KB / 1024" | bc -l)" "$(field '.totals.sent')" \
  "$(field '.totals.responses')" "$(field '.totals.errors_total')" "$LOAD"
