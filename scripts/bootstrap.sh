#!/usr/bin/env bash
# Installs every Debian 12 package that the build, the tests and the demo need. Idempotent:
# packages already present are skipped, so a second run costs one dpkg query. Run as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  g++ clang-14 libclang-rt-14-dev            # both compilers; libFuzzer and sanitizer runtimes
  lld                                        # linker of the dev, asan and fuzz presets
  libboost1.81-dev libboost-json1.81-dev     # Beast, Asio, JSON
  libyaml-cpp-dev libcli11-dev               # scenarios and pricing; the CLI
  libhyperscan-dev libre2-dev                # linear-time multi-pattern leak scanning
  zlib1g-dev libssl-dev libsqlite3-dev       # gzip bodies, TLS, run history
  libgtest-dev libgmock-dev libbenchmark-dev # tests and benchmarks
  wrk curl procps python3 python3-jsonschema # peer load generator for bench/; test helpers, SARIF schema
  chromium                                   # headless render test of report.html (tests/reports)
  poppler-utils                              # pdftotext: the PDF print check of report.html
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#packages[@]} packages present"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "bootstrap: missing packages (${missing[*]}); run as root to install them" >&2
  exit 2
fi
echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
