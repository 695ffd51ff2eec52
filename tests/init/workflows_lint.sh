#!/usr/bin/env bash
# The GitHub Actions workflows `walletfuzz init clusterfuzzlite` writes, and walletfuzz's own
# (.github/workflows/), checked against the Actions workflow schema with action-validator.
# scripts/bootstrap.sh installs it under build/tools; when it is missing this test installs it
# there. It fails when the validator cannot be had, except when the npm registry itself cannot
# be reached: then it skips (exit 77) and says so.
#   workflows_lint.sh WALLETFUZZ WORK_DIR
set -uo pipefail
walletfuzz=$1 work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$root/build/tools
validator=$tools/node_modules/.bin/action-validator
if [[ ! -x $validator ]]; then
  if ! bash "$root/scripts/install_test_tools.sh" "$tools" > "$work.install.log" 2>&1; then
    if ! timeout 30 npm ping > /dev/null 2>&1; then
      echo "workflows lint: SKIPPED: the npm registry is unreachable, action-validator cannot be installed"
      exit 77
    fi
    cat "$work.install.log"
    echo "workflows lint: action-validator could not be installed" >&2
    exit 1
  fi
fi

rm -rf "$work" && mkdir -p "$work"
"$walletfuzz" init clusterfuzzlite --dir "$work" --project shop --app shop --app admin > /dev/null ||
  { echo "workflows lint: walletfuzz init clusterfuzzlite failed" >&2; exit 1; }
failed=0 checked=0
for workflow in "$work"/.github/workflows/*.yml "$root"/.github/workflows/*.yml; do
  [[ -f $workflow ]] || continue
  checked=$((checked + 1))
  if ! "$validator" "$workflow" > "$work/lint.out" 2>&1; then
    echo "workflows lint: $workflow does not match the Actions schema:" >&2
    cat "$work/lint.out" >&2
    failed=1
  fi
done
((checked >= 4)) || { echo "workflows lint: only $checked workflows found" >&2; exit 1; }
((failed == 0)) && echo "workflows lint: $checked workflows match the Actions schema"
exit "$failed"
