#!/bin/sh
# Starts a booth: the browser full screen on the booth page, with the booth's flags
# (chromium-flags.txt). docs/operations.md "Booth devices".
#   start-booth.sh https://madoguchi.example.jp/booth/ [more browser arguments]
# BOOTH_BROWSER: the browser to run (default: chromium, else google-chrome).
set -eu
url="${1:?usage: start-booth.sh <booth page URL> [browser arguments]}"
shift
here="$(cd "$(dirname "$0")" && pwd)"
browser="${BOOTH_BROWSER:-$(command -v chromium || command -v google-chrome || echo chromium)}"
# One flag per line in the file; comments and blank lines left out.
flags="$(grep -v -e '^#' -e '^[[:space:]]*$' "$here/chromium-flags.txt")"
# shellcheck disable=SC2086 # one word per flag, on purpose
exec "$browser" --kiosk --noerrdialogs --disable-session-crashed-bubble --no-first-run \
  --autoplay-policy=no-user-gesture-required $flags "$@" "$url"
