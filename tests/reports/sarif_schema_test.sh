#!/usr/bin/env bash
# findings.sarif, as `walletfuzz report` writes it for each fixture run, validates against the
# SARIF 2.1.0 JSON schema (tests/data/sarif/). The validator is first shown to reject a document
# the schema forbids, so a validator that accepts everything cannot make this test pass.
# Usage: sarif_schema_test.sh WALLETFUZZ_BINARY WORK_DIR
set -euo pipefail
walletfuzz=$1 work=$2
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
schema=$source_dir/tests/data/sarif/sarif-schema-2.1.0.json
# Debian's python3 with Debian's python3-jsonschema (scripts/bootstrap.sh), whatever is on PATH.
python=/usr/bin/python3

validate() {  # validate <file>: exit 0 when valid, else prints the first error
  "$python" - "$schema" "$1" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
document = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(document), key=lambda e: list(e.path))
for error in errors[:5]:
    print(f"{sys.argv[2]}: {'/'.join(map(str, error.path))}: {error.message[:200]}")
sys.exit(1 if errors else 0)
PY
}

rm -rf "$work" && mkdir -p "$work"
echo '{"version": "2.1.0", "runs": [{"tool": {}}], "unexpected": 1}' > "$work/invalid.sarif"
if validate "$work/invalid.sarif" >/dev/null; then
  echo "FAIL: the validator accepted a document the schema forbids"; exit 1
fi

status=0
for fixture in run-1 run-2 fixed fuzz-only; do
  cp -r "$source_dir/tests/data/reports/runs/$fixture" "$work/$fixture"
  set +e
  "$walletfuzz" report "$work/$fixture" > "$work/$fixture.out" 2>&1
  rc=$?
  set -e
  if [[ $rc -gt 1 ]]; then
    echo "FAIL: walletfuzz report $fixture exited $rc"; cat "$work/$fixture.out"; status=1; continue
  fi
  if validate "$work/$fixture/findings.sarif"; then
    echo "ok: $fixture/findings.sarif is valid SARIF 2.1.0"
  else
    echo "FAIL: $fixture/findings.sarif"; status=1
  fi
done
exit $status
