#!/usr/bin/env bash
# The black-box HTTP target over the wire, without libFuzzer (the dev build's replay engine):
# the test service (service.py) on loopback, its description written as `walletfuzz fuzz`
# writes it, then the binary's check mode sends each request of findings/ and must see its
# finding (the traceback 500 as a leak, the unbounded page size as slow: 200,000 rows against
# ten, hundreds of milliseconds against a fraction of one), and sends the baselines, which must
# show nothing. Usage: check_over_http_test.sh HTTP_TARGET_BINARY WORK_DIR
set -euo pipefail
binary=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"

# The service prints its port once it listens; reading that line is the synchronisation.
exec 3< <(exec python3 "$here/service.py")
service_pid=$!
trap 'kill $service_pid 2>/dev/null || true' EXIT
read -r word port <&3
[[ $word == port ]] || { echo "service did not start: $word $port"; exit 1; }

python3 "$here/write_spec.py" "$port" "$work/http-target.json" 0 2000
export WALLETFUZZ_HTTP_TARGET=$work/http-target.json

WALLETFUZZ_MODE=check WALLETFUZZ_EXPECT=findings "$binary" "$here/findings"
mkdir -p "$work/baselines"
for file in "$here"/baseline-*.http; do  # check mode reads the kind from the name
  cp "$file" "$work/baselines/slow-$(basename "$file")"
done
WALLETFUZZ_MODE=check WALLETFUZZ_EXPECT=none "$binary" "$work/baselines"

# A target that is gone: the process sending the input says so and stops within its recovery
# bound (2 s in the description) instead of hanging; check mode counts that as a mismatch.
kill $service_pid
wait $service_pid 2>/dev/null || true
set +e
WALLETFUZZ_MODE=check "$binary" "$here/findings/leak-profile-traceback.http" 2>"$work/gone.log"
rc=$?
set -e
cat "$work/gone.log"
[[ $rc == 1 ]] || { echo "expected exit 1 (a mismatch) for a target that is gone, got $rc"; exit 1; }
grep -q "did not come back within 2000 ms" "$work/gone.log"
echo "ok"
