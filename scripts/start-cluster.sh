#!/usr/bin/env bash
# npm run start:cluster: install what is missing (redis-server and haproxy too), build, then run the
# local cluster — Redis, two LiveKit nodes, two or three app nodes and HAProxy in front — with its
# data under data/cluster/ (app/server/start/cluster-start.ts). Ctrl-C stops every process.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --with-cluster
# The same malloc settings as npm start (scripts/glibc-tunables.env); the app nodes inherit them.
if [[ -z "${GLIBC_TUNABLES:-}" ]]; then
  # shellcheck source=scripts/glibc-tunables.env
  source scripts/glibc-tunables.env
fi
export GLIBC_TUNABLES
exec npx tsx app/server/start/cluster-start.ts
