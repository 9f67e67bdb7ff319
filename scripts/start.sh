#!/usr/bin/env bash
# npm start: install what is missing, build, then run livekit-server + the app (migrations at
# start, demo municipality seeded on first run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# glibc's malloc settings (decisions 0011 "Memory" and 0045), from their one definition, unless
# GLIBC_TUNABLES is set already.
if [[ -z "${GLIBC_TUNABLES:-}" ]]; then
  # shellcheck source=scripts/glibc-tunables.env
  source scripts/glibc-tunables.env
fi
export GLIBC_TUNABLES
exec npx tsx app/server/start/start.ts
