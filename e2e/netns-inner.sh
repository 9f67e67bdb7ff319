#!/usr/bin/env bash
# Inside the namespace: loopback plus a veth pair (dummy interfaces are not available), because
# WebRTC will not gather candidates on loopback alone.
set -euo pipefail
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.77.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
export E2E_NODE_IP=10.77.0.1
exec npx tsx e2e/run-e2e.ts "$@"
