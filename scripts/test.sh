#!/usr/bin/env bash
# npm test: install what is missing (Chromium included), then Biome (lint, formatting, import order
# and cycles), type-check, unit and integration tests (real libSQL files, real livekit-server), the
# e2e suite in a network namespace, the multi-node suite (e2e/multi-node) and the fault suite (e2e/faults).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --with-test-tools
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

printf '\n== lint, formatting, import order and import cycles (biome.jsonc)\n'
npm run check --silent
printf '\n== typecheck\n'
npm run typecheck --silent
printf '\n== unit and integration tests\n'
npm run test:unit --silent 2>&1 | tee "$logs/unit"
printf '\n== security (the real server on loopback: body limits, origins, redirects, headers)\n'
npm run test:security --silent 2>&1 | tee "$logs/security"
printf '\n== e2e (network namespace, real livekit-server and Chromium)\n'
npm run test:e2e --silent 2>&1 | tee "$logs/e2e"
printf '\n== multi-node (network namespace: Redis, two LiveKit nodes, two app nodes, HAProxy, Chromium)\n'
npm run test:multi-node --silent 2>&1 | tee "$logs/multi"
printf '\n== faults (the booth in its own namespace: its line cut and thinned, the app and livekit-server killed)\n'
npm run test:faults --silent 2>&1 | tee "$logs/faults"

# Every step above stops the script on a failure, so reaching here means nothing failed.
# The runners colour their output when CI gives them a terminal (or FORCE_COLOR): strip the
# escape codes before reading the counts, and never let the tally itself fail the run.
plain() { sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1"; }
unit=$(plain "$logs/unit" | grep -Eo 'Tests +[0-9]+ passed' | tail -1 | grep -Eo '[0-9]+' || echo '?')
security=$(plain "$logs/security" | grep -Eo 'Tests +[0-9]+ passed' | tail -1 | grep -Eo '[0-9]+' || echo '?')
e2e=$(plain "$logs/e2e" | grep -Eo '^ *[0-9]+ passed' | tail -1 | grep -Eo '[0-9]+' || echo '?')
faults=$(plain "$logs/faults" | grep -Eo '^ *[0-9]+ passed' | tail -1 | grep -Eo '[0-9]+' || echo '?')
multi=$(plain "$logs/multi" | grep -Eo '^ *[0-9]+ passed' | tail -1 | grep -Eo '[0-9]+' || echo '?')
printf '\n'
echo "unit: ${unit} passed, 0 failed"
echo "security: ${security} passed, 0 failed"
echo "e2e: ${e2e} passed, 0 failed"
echo "multi-node: ${multi} passed, 0 failed"
echo "faults: ${faults} passed, 0 failed"
if [[ $unit == '?' || $security == '?' || $e2e == '?' || $faults == '?' || $multi == '?' ]]; then echo "total: all passed, 0 failed"
else echo "total: $((unit + security + e2e + faults + multi)) passed, 0 failed"; fi
