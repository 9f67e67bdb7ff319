#!/usr/bin/env bash
# npm start: install what is missing, build, then run livekit-server + the app (migrations at
# start, demo municipality seeded on first run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec npx tsx app/server/start.ts
