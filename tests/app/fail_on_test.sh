#!/usr/bin/env bash
# An application binary fails on a slow input the way it fails on a crash once a fail_on file sits
# beside it (<binary>.walletfuzz.yaml), and keeps fuzzing without one. Runs the libFuzzer build of
# tests/app/slow_app.cpp (fuzz preset) from a copy in WORK_DIR, so that the file beside it is the
# test's own. Bounded by runs with a fixed seed; the heavy input is 5,000x the baseline's work,
# so the verdict does not depend on the machine's speed or load.
#   fail_on_test.sh SLOW_APP WORK_DIR
set -uo pipefail
app=$1 work=$2
rm -rf "$work" && mkdir -p "$work/bin" "$work/seeds" "$work/artifacts"
cp "$app" "$work/bin/slow_app"
bin=$work/bin/slow_app
printf 'GET /work?n=1 HTTP/1.1\r\nHost: app\r\n\r\n' > "$work/seeds/baseline"
heavy='GET /work?n=5000 HTTP/1.1\r\nHost: app\r\n\r\n'
printf "$heavy" > "$work/seeds/heavy"
fail() { echo "fail_on test: $*" >&2; [[ -f $work/log ]] && tail -n 30 "$work/log" >&2; exit 1; }
export ASAN_OPTIONS=detect_leaks=0
fuzz() {  # fuzz <runs>: one bounded libFuzzer run over a fresh copy of the seeds; output in $work/log
  rm -rf "$work/corpus" && cp -r "$work/seeds" "$work/corpus"
  "$bin" -seed=1 -runs="$1" -max_total_time=15 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" > "$work/log" 2>&1
}

# 1. No file beside the binary: the heavy input is only measured, fuzzing goes on to the end.
fuzz 40; rc=$?
((rc == 0)) || fail "without fail_on the run ended with exit $rc"
grep -q '==WALLETFUZZ==' "$work/log" && fail "without fail_on the run printed a ==WALLETFUZZ== line"
compgen -G "$work/artifacts/*" > /dev/null && fail "without fail_on the run saved an artifact"

# 2. fail_on beside the binary: the heavy input aborts the run, the report starts with the line,
#    and libFuzzer saved the input as its crash artifact.
printf 'fail_on: {amplification: 100, leak: true, oom: true}\n' > "$bin.walletfuzz.yaml"
fuzz 40; rc=$?
((rc != 0)) || fail "with fail_on the run ended with exit 0"
first=$(grep -m1 '^==' "$work/log")
[[ $first =~ ^==WALLETFUZZ==\ slow-input\ amplification=[0-9,]+x\ handler=work\ threshold=100x ]] ||
  fail "the report's first line is '$first'"
grep -q "walletfuzz: fail_on from $bin.walletfuzz.yaml" "$work/log" || fail "no fail_on line"
artifacts=("$work"/artifacts/crash-*)
[[ -f ${artifacts[0]} ]] || fail "no crash-* artifact in $work/artifacts"
cmp -s "${artifacts[0]}" "$work/seeds/heavy" || fail "the artifact is not the heavy input"

# 3. A bad file: one line naming the file, line and field, exit 2, before any fuzzing.
printf 'fail_on:\n  amplification: lots\n' > "$bin.walletfuzz.yaml"
fuzz 1 && fail "a bad fail_on file was accepted"
grep -q "slow_app.walletfuzz.yaml:2:.*fail_on.amplification" "$work/log" ||
  fail "the error does not name the file, line and field"

# 4. WALLETFUZZ_FAIL_ON=off (what walletfuzz fuzz sets) ignores the file.
WALLETFUZZ_FAIL_ON=off fuzz 1 || fail "WALLETFUZZ_FAIL_ON=off still read the file"
echo "fail_on test: passed ($first)"
