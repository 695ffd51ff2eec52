#!/usr/bin/env bash
# End to end, black-box: `walletfuzz fuzz` on a scenario whose target is the test service
# (service.py) on loopback, for a bounded time with a fixed seed, with the libFuzzer build of the
# HTTP target. Asserted are only the defects the search reaches in every run: the traceback 500
# (a leak: every input with a non-numeric id shows it, found within the first hundred executions)
# and the unbounded page size (slow, or a timeout: a number made 10-1000x larger is one mutation
# away from the baseline's size=10, and ~10,000 rows already cost 25 ms more than ten). Each finding's request
# file must reproduce over HTTP (check mode). The others (regex, quadratic list, magic value) are
# reported, not asserted: whether a 40 s search reaches them depends on the machine's load.
# Usage: fuzz_over_http_e2e_test.sh WALLETFUZZ_BINARY HTTP_TARGET_BINARY WORK_DIR
# Exit 77 (CTest: skipped) when the HTTP target is not a libFuzzer build.
set -euo pipefail
walletfuzz=$1 target=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../e2e_common.sh"
rm -rf "$work" && mkdir -p "$work"

exec 3< <(exec python3 "$here/service.py")
service_pid=$!
trap 'kill $service_pid 2>/dev/null || true' EXIT
read -r word port <&3
[[ $word == port ]] || { echo "service did not start: $word $port"; exit 1; }

python3 "$here/write_spec.py" "$port" "$work/probe.json"
WALLETFUZZ_HTTP_TARGET=$work/probe.json require_libfuzzer_target "$target"

cat > "$work/e2e.yaml" <<YAML
version: 1
name: blackbox-e2e
target:
  url: http://127.0.0.1:$port
  allow_hosts: [127.0.0.1]
functions:
  - {name: signup, route: /signup, method: POST, baseline: [{file: $here/baseline-signup.http}]}
  - {name: dedupe, route: /dedupe, method: POST, baseline: [{file: $here/baseline-dedupe.http}]}
  - {name: orders, route: /orders, method: GET, baseline: [{file: $here/baseline-orders.http}]}
  - {name: export, route: /export, method: GET, baseline: [{file: $here/baseline-export.http}]}
  - {name: profile, route: /profile, method: GET, baseline: [{file: $here/baseline-profile.http}]}
fuzz:
  time_budget_s: 40
  jobs: 2
  seed: 1
YAML

set +e
"$walletfuzz" fuzz "$work/e2e.yaml" --out "$work/run" --corpus "$work/corpus" \
  --fuzz-target "$target" --progress
rc=$?
set -e
[[ $rc -eq 1 ]] || { echo "FAIL: walletfuzz fuzz exited $rc, expected 1 (findings present)"; exit 1; }

findings=$work/run/findings.json
python3 - "$findings" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
seen = {(f["handler"], f["kind"]) for f in findings}
for f in findings:
    print("found: %-8s %-6s %8.1fx  %s" % (f["handler"], f["kind"], f.get("amplification", 0), f["file"]))
# The unbounded size is slow or, when the search grew it far enough on a busy machine, a
# timeout: the same cost family (check mode treats them alike).
missing = [p for p in [("profile", ("leak",)), ("orders", ("slow", "timeout"))]
           if not any((p[0], kind) in seen for kind in p[1])]
if missing:
    sys.exit("FAIL: missing %s" % missing)
PY
# Every finding file is a request that reproduces its kind over HTTP.
WALLETFUZZ_HTTP_TARGET=$work/run/.fuzz/http-target.json WALLETFUZZ_MODE=check "$target" \
  "$work/run/findings"
echo PASS
