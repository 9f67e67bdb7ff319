#!/usr/bin/env bash
# Installs livekit-server (the real Go SFU) into the project's git-ignored .bin/ folder.
# Idempotent: skipped when that version is already there.
set -euo pipefail
VERSION="1.13.5"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="$root/.bin/livekit-server-v$VERSION"
binary="$bin_dir/server"

if [ -x "$binary" ] && "$binary" --version 2>/dev/null | grep -q "$VERSION"; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "livekit-server: Go is needed to build it (go install). Install Go 1.23+ and run again." >&2
  exit 1
fi
echo "Building livekit-server v$VERSION into $bin_dir (first time only; a few minutes)…"
mkdir -p "$bin_dir"
GOBIN="$bin_dir" go install "github.com/livekit/livekit-server/cmd/server@v$VERSION"
"$binary" --version
