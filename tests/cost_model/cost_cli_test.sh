#!/usr/bin/env bash
# End-to-end checks of `walletfuzz cost`: published examples through the CLI, JSON output, and
# bad input of every kind giving one line naming the flag or file and exit code 2.
# Usage: cost_cli_test.sh WALLETFUZZ_BINARY SOURCE_DIR WORK_DIR
set -u
wf=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_exit CODE PATTERN ARGS... : runs `walletfuzz cost ARGS`, checks the exit code and that
# stdout+stderr match PATTERN (grep -E); for errors, that stderr is exactly one line.
expect_exit() {
  local code=$1 pattern=$2
  shift 2
  local out err rc
  out=$("$wf" cost "$@" 2>"$work/stderr")
  rc=$?
  err=$(cat "$work/stderr")
  if [[ $rc -ne $code ]]; then fail "cost $* -> exit $rc, want $code: $out $err"; return; fi
  if ! grep -Eq -- "$pattern" <<<"$out$err"; then fail "cost $* -> output lacks /$pattern/: $out $err"; fi
  if [[ $code -eq 2 && ${ONE_LINE:-1} -eq 1 && $(wc -l <"$work/stderr") -ne 1 ]]; then fail "cost $* -> error is not one line: $err"; fi
}

# AWS example 1 to the cent, text and JSON.
expect_exit 0 'total +\$2\.73' --provider aws-lambda --arch x86_64 --memory-mb 1536 --duration-ms 120 --requests 3000000 --free-tier
expect_exit 0 '"total_usd":2\.73' --provider aws-lambda --memory-mb 1536 --duration-ms 120 --requests 3000000 --free-tier --json
# The issue's own command line: arm64, 512 MB, 1 s, 3 M requests -> 1.5 M GB-s x $0.0000133334 + $0.60.
expect_exit 0 '"total_usd":20\.6001,' --provider aws-lambda --arch arm64 --memory-mb 512 --duration-ms 1000 --requests 3000000 --json
expect_exit 0 '"line_items":\[\{"provider":"aws-lambda","meter":"requests"' --provider aws-lambda --arch arm64 --memory-mb 512 --duration-ms 1000 --requests 3000000 --json
# Cloudflare example 1 and a price override from the command line (old 100 ms rounding).
expect_exit 0 'total +\$8\.00' --provider cloudflare-workers --memory-mb 128 --duration-ms 7 --requests 15000000
expect_exit 0 'total +\$112\.00' --memory-mb 1024 --duration-ms 27.55 --requests 60000000 --price aws-lambda.compute.granularity_ms=100

# Bad input: exit 2, one line naming the flag.
expect_exit 2 'provider.*unknown provider .aws-lamda' --provider aws-lamda --duration-ms 1 --requests 1
# The flags are checked against the provider-limits table `validate` uses (scenarios/README.md).
expect_exit 2 '--arch.*not an architecture of aws-lambda' --arch sparc --duration-ms 1 --requests 1
expect_exit 2 '--memory-mb.*not a memory size' --memory-mb 64 --duration-ms 1 --requests 1
expect_exit 2 '--memory-mb.*not a memory size' --memory-mb 20000 --duration-ms 1 --requests 1
expect_exit 2 '--memory-mb: 1000 MB is not a memory size of azure-functions-flex' \
  --provider azure-functions-flex --memory-mb 1000 --duration-ms 1 --requests 1
expect_exit 2 '--duration-ms' --duration-ms -5 --requests 1
expect_exit 2 '--duration-ms.*timeout' --duration-ms 5000 --requests 1
expect_exit 2 '--requests' --duration-ms 5 --requests 1e30
expect_exit 2 '--requests.*whole' --duration-ms 5 --requests 1.5
expect_exit 2 '--requests' --duration-ms 5
expect_exit 2 '--price.*KEY=VALUE' --duration-ms 5 --requests 1 --price nonsense
expect_exit 2 'aws-lambda.compute.granularity_ms' --duration-ms 5 --requests 1 --price aws-lambda.compute.granularity_ms=fast
# Values CLI11 cannot convert are reported by CLI11 itself (its message plus a --help hint line).
ONE_LINE=0 expect_exit 2 '--memory-mb' --memory-mb lots --duration-ms 5 --requests 1

# A pricing file with a missing field and one with a wrong type: file:line: field.
sed '/^    per: 1000000$/d' "$src/cost_model/pricing/aws_lambda.yaml" >"$work/missing.yaml"
expect_exit 2 'missing\.yaml:[0-9]+:[0-9]+: meters\[0\]\.per: is required but missing' --pricing "$work/missing.yaml" --duration-ms 5 --requests 1
sed 's/granularity_ms: 1 /granularity_ms: one /' "$src/cost_model/pricing/aws_lambda.yaml" >"$work/wrong.yaml"
expect_exit 2 'wrong\.yaml:[0-9]+:[0-9]+: compute\.granularity_ms: expected a number' --pricing "$work/wrong.yaml" --duration-ms 5 --requests 1

# Run directories and REPORT logs.
expect_exit 2 'RUN_DIR.*not a directory' "$work/nope"
mkdir -p "$work/empty"
expect_exit 2 'neither load\.json nor findings\.json' "$work/empty"
mkdir -p "$work/run"
echo '{"schema":"walletfuzz.load/1","classes":[{"name":"x","sent":-1}]}' >"$work/run/load.json"
expect_exit 2 'load\.json: classes\[0\]\.sent' "$work/run"
[[ -e $work/run/cost.json ]] && fail "cost.json written despite bad input"
# A run file of a newer major schema is refused, naming the file and the field (docs/FORMATS.md).
echo '{"schema":"walletfuzz.load/2","classes":[]}' >"$work/run/load.json"
expect_exit 2 'load\.json: schema: unsupported major version' "$work/run"
echo '{"schema":"walletfuzz.load/1","classes":[{"name":"x","sent":' >"$work/run/load.json"
expect_exit 2 'load\.json:[0-9]+:[0-9]+: invalid JSON' "$work/run"
[[ -e $work/run/cost.json ]] && fail "cost.json written despite bad input"
expect_exit 0 '4 REPORT lines billed, 3 skipped' --lambda-log "$src/tests/data/cost/report_lines.txt" --memory-mb 512
expect_exit 2 'no-such\.log' --lambda-log "$work/no-such.log"
# 50,000 malformed REPORT lines: the first 10 named with file:line, then one count, not 50,000 lines.
for i in $(seq 1 50000); do echo "REPORT RequestId: r$i Duration: soon"; done >"$work/bad.log"
expect_exit 0 '0 REPORT lines billed, 50000 skipped' --lambda-log "$work/bad.log"
[[ $(wc -l <"$work/stderr") -eq 11 ]] || fail "malformed lines: $(wc -l <"$work/stderr") stderr lines, want 11"
grep -q 'bad\.log:1: skipped: ' "$work/stderr" || fail "first malformed line not named with file:line"
grep -q 'bad\.log: 49990 more malformed REPORT lines skipped (50000 in all)' "$work/stderr" || fail "no count of the rest"
cat >"$work/run/findings.json" <<'JSON'
{"schema":"walletfuzz.findings/1","findings":[{"id":"slow-1","handler":"h","kind":"slow","cost":{"median_ns":900000000,"baseline_median_ns":1000000}}]}
JSON
rm "$work/run/load.json"
expect_exit 0 'wrote .*cost\.json: total' "$work/run" --memory-mb 512
grep -q '"schema": "walletfuzz.cost/1"' "$work/run/cost.json" || fail "cost.json lacks its schema"

if [[ $failures -ne 0 ]]; then echo "$failures failure(s)"; exit 1; fi
echo "all cost CLI checks passed"
