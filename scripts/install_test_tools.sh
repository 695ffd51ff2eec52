#!/usr/bin/env bash
# Test tools that come from npm rather than Debian, pinned, installed into one directory (default
# build/tools) so nothing global changes: action-validator checks GitHub Actions workflows
# against the Actions schema (tests/init/workflows_lint.sh). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${1:-build/tools}
[[ -x $tools/node_modules/.bin/action-validator ]] && exit 0
mkdir -p "$tools"
npm install --prefix "$tools" --no-audit --no-fund --no-save \
  @action-validator/cli@0.6.0 @action-validator/core@0.6.0
