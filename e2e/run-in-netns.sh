#!/usr/bin/env bash
# Runs the e2e suite inside a private network namespace (and PID namespace, so nothing started
# here can outlive it): LiveKit, the app and Chromium see only loopback and a veth pair.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec unshare --net --pid --fork --kill-child --mount-proc bash e2e/netns-inner.sh "$@"
