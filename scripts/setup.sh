#!/usr/bin/env bash
# Installs what Madoguchi needs and is missing, then builds. Safe to run again: each step is
# skipped when already done. Used by `npm start` and `npm test`.
#   --with-test-tools  also Debian's Chromium (e2e), iproute2 (network namespace), redis-server and haproxy
#   --with-cluster     also redis-server and haproxy (npm run start:cluster)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*"; }

need_node_modules() {
  [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]
}
if need_node_modules; then
  step "npm dependencies"
  # Browsers come from Debian, never from Playwright's own download. `npm install`, not `npm ci`:
  # npm 11 leaves other platforms' optional packages (rollup's) out of the lock and then `npm ci`
  # calls it out of sync; `npm install` installs exactly the locked versions and keeps the lock.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund
fi

step "livekit-server"
bash media-server/install-livekit.sh

apt_install() {
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Need root (or sudo) to install Debian packages: $*" >&2; exit 1
    fi
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

# Debian packages, in one apt run: the Japanese font the PDF reports embed (IPA Gothic, subset
# per document) always; Chromium, CJK fonts for its pages, the namespace and fault tools for the tests.
missing=()
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || missing+=(fonts-ipafont-gothic)
if [ "${1:-}" = "--with-test-tools" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
  # The fault suite cuts and thins the booth's line (e2e/faults/booth-netns.ts).
  command -v nft >/dev/null 2>&1 || missing+=(nftables)
  # The multi-node mode's tests run a real Redis (app/test/redis.ts) and the local cluster behind HAProxy (e2e/multi-node).
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
fi
if [ "${1:-}" = "--with-cluster" ]; then
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
fi
if [ ${#missing[@]} -gt 0 ]; then
  step "Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
fi

step "build (booth kiosk, Remix app), when missing or older than its sources"
node scripts/build-if-stale.mjs
