# Shared setup of the load generator's side-by-side benchmarks (sourced, not run).
# Builds the release preset's walletfuzz and loopback server into build/load-rel unless
# WALLETFUZZ_BUILD points at an existing build; the server runs on CPU 1, the clients on CPU 0,
# so that on a 2-core machine client and server do not fight for one core.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${WALLETFUZZ_BUILD:-$ROOT/build/load-rel}
if [[ ! -x $BUILD/cli/walletfuzz || ! -x $BUILD/bench/loadgen_bench_server ]]; then
  cmake --preset release -S "$ROOT" -B "$BUILD" >/dev/null
  cmake --build "$BUILD" -j2 --target walletfuzz loadgen_bench_server >/dev/null
fi
WF=$BUILD/cli/walletfuzz
SERVER=$BUILD/bench/loadgen_bench_server
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
printf 'GET / HTTP/1.1\r\nHost: bench\r\n\r\n' > "$WORK/get.http"

# start_server PORT [server flags...]
start_server() {
  local port=$1; shift
  taskset -c 1 "$SERVER" --port "$port" "$@" &
  SERVER_PID=$!
  for _ in $(seq 50); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server did not start on port $port" >&2
  return 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
# replay ARGS...: walletfuzz replay on CPU 0 against the loopback server; load.json in $WORK.
# --confirm-spend: the spend guard prices these loopback runs as if they were AWS Lambda
# requests (1e8 capped requests would be refused), but nothing here is billed.
replay() {
  taskset -c 0 "$WF" replay --request "$WORK/get.http" --out "$WORK/load.json" --json --confirm-spend \
    "$@" > "$WORK/stdout.json" 2> "$WORK/stderr.txt"
}
field() { jq -r "$1" "$WORK/load.json"; }
# The 1-minute load average, printed beside every figure: on a shared 2-core machine a figure
# taken at load 6 says little about the code.
loadavg() { cut -d' ' -f1 /proc/loadavg; }
