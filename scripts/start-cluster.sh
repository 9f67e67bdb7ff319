#!/usr/bin/env bash
# npm run start:cluster: install what is missing (redis-server and haproxy too), build, then run the
# local cluster — Redis, two LiveKit nodes, two or three app nodes and HAProxy in front — with its
# data under data/cluster/ (app/server/start/cluster-start.ts). Ctrl-C stops every process.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --with-cluster
# The same memory settings as npm start (scripts/start.sh); the app nodes inherit them.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=1048576}"
exec npx tsx app/server/start/cluster-start.ts
