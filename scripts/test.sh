#!/usr/bin/env bash
# npm test: install what is missing (Chromium included), then type-check, unit and integration
# tests (real libSQL files, real livekit-server), and the e2e suite in a network namespace.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --with-test-tools
printf '\n== typecheck\n'
npm run typecheck --silent
printf '\n== unit and integration tests\n'
npm run test:unit --silent
printf '\n== e2e (network namespace, real livekit-server and Chromium)\n'
npm run test:e2e --silent
