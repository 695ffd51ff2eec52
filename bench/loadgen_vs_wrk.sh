#!/usr/bin/env bash
# Maximum throughput, walletfuzz replay --closed vs wrk, same server, threads and connections.
# Beside req/s (which, on a shared 2-core machine, also measures the server and the neighbours),
# each client's own CPU time per request (user + system, from /usr/bin/time): the cost of the
# client itself, which other load on the machine disturbs much less.
#   bench/loadgen_vs_wrk.sh [seconds=10] [connections=64]
source "$(dirname "$0")/loadgen_common.sh"
SECONDS_RUN=${1:-10}
CONNECTIONS=${2:-64}
PORT=18090
start_server $PORT
URL=http://127.0.0.1:$PORT
cpu_seconds() { awk '{print $1 + $2}' "$1"; }
LOAD_WRK=$(loadavg)
/usr/bin/time -f '%U %S' -o "$WORK/wrk.time" taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" "$URL/" \
  > "$WORK/wrk.txt"
WRK_RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
WRK_N=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
LOAD_WF=$(loadavg)
/usr/bin/time -f '%U %S' -o "$WORK/wf.time" taskset -c 0 "$WF" replay --request "$WORK/get.http" \
  --out "$WORK/load.json" --json --confirm-spend --target "$URL" --closed --duration "$SECONDS_RUN" \
  --connections "$CONNECTIONS" --threads 1 --max-requests 100000000 > /dev/null 2> "$WORK/stderr.txt"
WF_RPS=$(field '.totals.achieved_rate')
WF_N=$(field '.totals.sent')
printf 'max throughput, 1 thread, %s connections, %ss each\n' "$CONNECTIONS" "$SECONDS_RUN"
printf '  wrk              %12.0f req/s  %6.2f us CPU/request  (load average %s)\n' "$WRK_RPS" \
  "$(echo "$(cpu_seconds "$WORK/wrk.time") * 1000000 / $WRK_N" | bc -l)" "$LOAD_WRK"
printf '  walletfuzz       %12.0f req/s  %6.2f us CPU/request  (load average %s, errors %s)\n' "$WF_RPS" \
  "$(echo "$(cpu_seconds "$WORK/wf.time") * 1000000 / $WF_N" | bc -l)" "$LOAD_WF" "$(field '.totals.errors_total')"
printf '  ratio walletfuzz/wrk %.3f\n' "$(echo "$WF_RPS / $WRK_RPS" | bc -l)"
