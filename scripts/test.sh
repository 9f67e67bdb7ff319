#!/usr/bin/env bash
# npm test: install what is missing (Chromium included), then type-check, unit and integration
# tests (real libSQL files, real livekit-server), and the e2e suite in a network namespace.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --with-test-tools
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

printf '\n== typecheck\n'
npm run typecheck --silent
printf '\n== unit and integration tests\n'
npm run test:unit --silent 2>&1 | tee "$logs/unit"
printf '\n== e2e (network namespace, real livekit-server and Chromium)\n'
npm run test:e2e --silent 2>&1 | tee "$logs/e2e"

# Every step above stops the script on a failure, so reaching here means nothing failed.
unit=$(grep -Eo 'Tests +[0-9]+ passed' "$logs/unit" | tail -1 | grep -Eo '[0-9]+')
e2e=$(grep -Eo '^ *[0-9]+ passed' "$logs/e2e" | tail -1 | grep -Eo '[0-9]+')
printf '\n'
echo "unit: ${unit} passed, 0 failed"
echo "e2e: ${e2e} passed, 0 failed"
echo "total: $((unit + e2e)) passed, 0 failed"
