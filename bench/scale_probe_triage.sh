#!/usr/bin/env bash
# What scale probing adds to triage (docs/PERFORMANCE.md, "Scale probing"): `walletfuzz fuzz` on
# the vulnerable sample app's three handlers with a planted growth defect (import-contacts:
# quadratic, signup: exponential, list-orders: unbounded `limit`), a fixed seed and a fixed
# number of executions, then the triage's own account of its time ("triage: … of which scale
# probing … (N% added)", printed with --progress). Triage time is summed over handlers, as each
# handler's triage is one thread.
# Usage: bench/scale_probe_triage.sh [EXECS=3000] [SEED=1]
#        (needs build/dev/cli/walletfuzz and a libFuzzer build of sample_app_fuzz:
#        WALLETFUZZ_FUZZ_TARGET, default build/fuzz/fuzz/sample_app_fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
execs=${1:-3000} seed=${2:-1}
walletfuzz=${WALLETFUZZ_BINARY:-build/dev/cli/walletfuzz}
target=${WALLETFUZZ_FUZZ_TARGET:-build/fuzz/fuzz/sample_app_fuzz}
[[ -x $target ]] || { echo "build it first: cmake --preset fuzz && cmake --build --preset fuzz --target sample_app_fuzz" >&2; exit 3; }
work=$(mktemp -d /tmp/walletfuzz-probe-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/probe.yaml" <<YAML
version: 1
name: probe
target:
  bundled: vulnerable
functions:
  - {name: list-orders, timeout_ms: 1000}
fuzz:
  time_budget_s: 240
  execs_per_handler: $execs
  jobs: 2
  seed: $seed
  handlers: [import-contacts, signup, list-orders]
YAML
set +e
"$walletfuzz" fuzz "$work/probe.yaml" --out "$work/run" --corpus "$work/corpus" \
  --fuzz-target "$target" --progress 2>&1 | tr '\r' '\n' | grep -E "^triage:|slow|timeout" | tail -20
set -e
perl -MJSON::PP -0777 -ne 'my $d = decode_json($_); for my $f (@{$d->{findings}}) {
  my $g = $f->{growth}; printf "%-8s %-16s %s\n", $f->{kind}, $f->{handler},
  $g ? "$g->{words}; worst case $g->{worst_case}{billed_ms} ms at $g->{worst_case}{request_bytes} bytes" : "-" }' \
  "$work/run/findings.json"
