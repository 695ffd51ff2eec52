#!/usr/bin/env bash
# Coordinated omission: the server stalls completely for 1 s every 5 s. At a constant arrival
# rate, 1/5 of the requests arrive during a stall and wait for its end, uniformly 0..1 s, so
# P(latency > x) = 0.2 (1 - x) and the true p99 is 0.95 s (plus the normal service time);
# p90 is 0.5 s. An uncorrected measurement (and wrk) sees almost none of it.
#   bench/loadgen_co.sh [seconds=30, a multiple of 5] [rate=1000] [connections=10]
source "$(dirname "$0")/loadgen_common.sh"
SECONDS_RUN=${1:-30}
RATE=${2:-1000}
CONNECTIONS=${3:-10}
PORT=18092
start_server $PORT --stall-every-ms 5000 --stall-ms 1000
URL=http://127.0.0.1:$PORT
LOAD_WF=$(loadavg)
replay --target "$URL" --rate "$RATE" --duration "$SECONDS_RUN" --connections "$CONNECTIONS" --threads 1 \
  --max-requests 100000000
LOAD_WRK=$(loadavg)
taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency "$URL/" > "$WORK/wrk.txt"
wrk_p() { awk -v p="$1" '$1 == p {print $2}' "$WORK/wrk.txt"; }
printf 'stall 1 s every 5 s, %s req/s for %s s, %s connections (load average %s walletfuzz, %s wrk)\n' \
  "$RATE" "$SECONDS_RUN" "$CONNECTIONS" "$LOAD_WF" "$LOAD_WRK"
printf '  %-8s %14s %14s %14s %14s\n' pct expected_ms corrected_ms uncorrected_ms wrk
printf '  %-8s %14s %14.1f %14.1f %14s\n' p50 "~0" "$(field '.totals.latency_ms.p50')" "$(field '.totals.latency_uncorrected_ms.p50')" "$(wrk_p 50%)"
printf '  %-8s %14s %14.1f %14.1f %14s\n' p90 500 "$(field '.totals.latency_ms.p90')" "$(field '.totals.latency_uncorrected_ms.p90')" "$(wrk_p 90%)"
printf '  %-8s %14s %14.1f %14.1f %14s\n' p99 950 "$(field '.totals.latency_ms.p99')" "$(field '.totals.latency_uncorrected_ms.p99')" "$(wrk_p 99%)"
printf '  %-8s %14s %14.1f %14.1f %14s\n' max 1000 "$(field '.totals.latency_ms.max')" "$(field '.totals.latency_uncorrected_ms.max')" "-"
P99=$(field '.totals.latency_ms.p99')
printf '  corrected p99 vs 950 ms: %+.1f%%   (sent %s, dropped %s, late %s)\n' "$(echo "($P99 - 950) * 100 / 950" | bc -l)" \
  "$(field '.totals.sent')" "$(field '.totals.dropped')" "$(field '.totals.late')"
# wrk 4.1 (Debian) is closed loop but corrects its latency distribution after the run
# (its mean latency exceeds what raw samples of 10 connections can add up to), so its p90/p99
# also show the stall; the uncorrected column is what a plain closed-loop measurement sees.
echo "  wrk: $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s, closed loop; latency mean $(awk '/Latency/ && !/Distribution/ {print $2}' "$WORK/wrk.txt") (corrected after the run)"
