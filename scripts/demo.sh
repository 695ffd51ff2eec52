#!/usr/bin/env bash
# The main job end to end on the bundled sample app, on one machine: installs what is missing,
# builds, then runs the whole pipeline (`walletfuzz run scenarios/demo.yaml`) when it is built,
# otherwise starts the sample app on loopback and shows it answering its baseline requests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target walletfuzz
bin=build/release/cli/walletfuzz

if "$bin" --help 2>/dev/null | grep -qE '^\s+run\b'; then
  exec "$bin" run scenarios/demo.yaml "$@"
fi

log=$(mktemp -d)/report.log
"$bin" serve --port 0 --report-log "$log" >"${log%.log}.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  port=$(grep -oE '127\.0\.0\.1:[0-9]+' "${log%.log}.out" | head -1 | cut -d: -f2 || true)
  [[ -n ${port:-} ]] && break
  sleep 0.1
done
[[ -n ${port:-} ]] || { echo "demo: the sample app did not start" >&2; cat "${log%.log}.out" >&2; exit 3; }
echo "demo: sample app on http://127.0.0.1:$port"
curl -sS -i "http://127.0.0.1:$port/orders?limit=5" | head -20
echo
echo "demo: REPORT lines written by the local runtime:"
sleep 0.2
cat "$log"
