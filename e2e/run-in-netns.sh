#!/usr/bin/env bash
# The e2e suite, inside a private network namespace (scripts/netns.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec bash scripts/netns.sh npx tsx e2e/run-e2e.ts "$@"
