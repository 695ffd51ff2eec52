#!/usr/bin/env bash
# Rate accuracy of the open-loop scheduler: achieved rate vs target at 1k, 10k and 50k req/s.
#   bench/loadgen_rate.sh [seconds=10]
source "$(dirname "$0")/loadgen_common.sh"
SECONDS_RUN=${1:-10}
PORT=18091
start_server $PORT
printf 'rate accuracy, %ss per rate, 1 thread, 64 connections\n' "$SECONDS_RUN"
printf '  %8s %12s %9s %9s %9s %12s %8s\n' target achieved error sent dropped p99_ms load_avg
for RATE in 1000 10000 50000; do
  LOAD=$(loadavg)
  replay --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$SECONDS_RUN" --connections 64 --threads 1 \
    --max-requests 100000000
  ACHIEVED=$(field '.totals.achieved_rate')
  printf '  %8d %12.1f %8.3f%% %9d %9d %12.3f %8s\n' "$RATE" "$ACHIEVED" "$(echo "($ACHIEVED - $RATE) * 100 / $RATE" | bc -l)" \
    "$(field '.totals.sent')" "$(field '.totals.dropped')" "$(field '.totals.latency_ms.p99')" "$LOAD"
done
