#!/usr/bin/env bash
# Maximum throughput, walletfuzz replay --closed vs wrk, same server, threads and connections.
#   bench/loadgen_vs_wrk.sh [seconds=10] [connections=64]
source "$(dirname "$0")/loadgen_common.sh"
SECONDS_RUN=${1:-10}
CONNECTIONS=${2:-64}
PORT=18090
start_server $PORT
URL=http://127.0.0.1:$PORT
taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" "$URL/" > "$WORK/wrk.txt"
WRK_RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
replay --target "$URL" --closed --duration "$SECONDS_RUN" --connections "$CONNECTIONS" --threads 1 \
  --max-requests 100000000
WF_RPS=$(field '.totals.achieved_rate')
printf 'max throughput, 1 thread, %s connections, %ss each\n' "$CONNECTIONS" "$SECONDS_RUN"
printf '  wrk              %12.0f req/s\n' "$WRK_RPS"
printf '  walletfuzz       %12.0f req/s   (errors %s)\n' "$WF_RPS" "$(field '.totals.errors_total')"
printf '  ratio walletfuzz/wrk %.3f\n' "$(echo "$WF_RPS / $WRK_RPS" | bc -l)"
