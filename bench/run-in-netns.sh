#!/usr/bin/env bash
# A benchmark that needs real WebRTC, inside a private network namespace (scripts/netns.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec bash scripts/netns.sh npx tsx "$@"
