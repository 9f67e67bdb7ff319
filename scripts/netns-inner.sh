#!/usr/bin/env bash
# Inside the namespace (see netns.sh): lo up, a veth pair with 10.77.0.1/24 on v0 (dummy
# interfaces are not available here), then the command. NETNS_IP tells it the address.
set -euo pipefail
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.77.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
export NETNS_IP=10.77.0.1
exec "$@"
