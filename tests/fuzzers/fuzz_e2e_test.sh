#!/usr/bin/env bash
# End to end: `walletfuzz fuzz` on the vulnerable sample app for a bounded time with a fixed seed
# must find every planted defect kind (crash, slow, leak, and oom or timeout), write each as a
# replayable request file, and each file must reproduce its kind when replayed (check mode).
# Usage: fuzz_e2e_test.sh WALLETFUZZ_BINARY FUZZ_TARGET_BINARY WORK_DIR
# Exit 77 (CTest: skipped) when no libFuzzer build of the target exists.
set -euo pipefail
walletfuzz=$1 target=$2 work=$3

source "$(dirname "$0")/../e2e_common.sh"
require_libfuzzer_target "$target"

rm -rf "$work" && mkdir -p "$work"
# The four handlers whose planted defects cover every kind (shipping-quote: crash, signup: slow,
# get-config: leak, list-orders: timeout or oom). Each handler's search is bounded by executions,
# not seconds, so what it reaches does not depend on the machine's speed: over seeds 1-8 the
# slow input took 304-6,898 executions and the leak 28-3,238 (docs/PERFORMANCE.md), so 30,000
# leaves four times the worst case seen. shipping-quote's crash and list-orders' timeout end
# every libFuzzer process that reaches them (the crash after a median 278 executions), and a
# handler whose processes stop at the same defect 5 times in a row is done (fuzz.same_defect_limit),
# so those two end early too. The time budget is only the cap. The other three handlers add
# minutes of fuzzing and triage but no kind; `walletfuzz run`'s end-to-end test covers
# create-payment.
cat > "$work/e2e.yaml" <<'YAML'
version: 1
name: e2e
target:
  bundled: vulnerable
# list-orders' unbounded limit makes requests of seconds; whether the fuzzer's worst one crosses a
# 3 s timeout depends on the machine's speed (under load one run stopped at 2.2 s: a slow finding,
# no timeout). At 1 s every such input is a timeout on any machine, which is what is tested here.
functions:
  - {name: list-orders, timeout_ms: 1000}
fuzz:
  time_budget_s: 80
  execs_per_handler: 30000
  jobs: 2
  seed: 1
  handlers: [list-orders, shipping-quote, signup, get-config]
YAML

set +e
"$walletfuzz" fuzz "$work/e2e.yaml" --out "$work/run" --corpus "$work/corpus" \
  --fuzz-target "$target" --progress
rc=$?
set -e
if [[ $rc -ne 1 ]]; then
  echo "FAIL: walletfuzz fuzz exited $rc, expected 1 (findings present)"
  exit 1
fi

findings=$work/run/findings.json
grep -q '"schema":"walletfuzz.findings/1"' "$findings" || { echo "FAIL: $findings has no schema"; exit 1; }
missing=0
for kind in crash slow leak; do
  if ! grep -q "\"kind\":\"$kind\"" "$findings"; then echo "FAIL: no $kind finding"; missing=1; fi
done
if ! grep -q '"kind":"oom"' "$findings" && ! grep -q '"kind":"timeout"' "$findings"; then
  echo "FAIL: no oom or timeout finding"; missing=1
fi
[[ $missing -eq 0 ]] || { cat "$findings"; exit 1; }

# Every finding file is a replayable request that reproduces its kind.
WALLETFUZZ_SAMPLE_VARIANT=vulnerable WALLETFUZZ_FUNCTION_SETTINGS=list-orders:timeout_ms=1000 \
  WALLETFUZZ_MODE=check "$target" "$work/run/findings"
echo "PASS: $(grep -o '"kind":"[a-z]*"' "$findings" | sort | uniq -c | tr '\n' ' ')"
