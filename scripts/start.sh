#!/usr/bin/env bash
# npm start: install what is missing, build, then run livekit-server + the app (migrations at
# start, demo municipality seeded on first run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# glibc: two malloc arenas, and blocks of 1 MiB and more (every photo's pixel buffers) mapped apart,
# so the memory a burst of photos used goes back to the system (decision 0011, "Memory").
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=1048576}"
exec npx tsx app/server/start/start.ts
