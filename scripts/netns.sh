#!/usr/bin/env bash
# Runs a command inside a private network namespace (and PID namespace, so nothing started there
# outlives it): loopback plus a veth pair, because WebRTC gathers no candidates on loopback alone.
# Usage: scripts/netns.sh <command> [args…]   (needs root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec unshare --net --pid --fork --kill-child --mount-proc bash scripts/netns-inner.sh "$@"
