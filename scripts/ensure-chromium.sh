#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the editor smoke test and `npm run screenshots`
# (driven by playwright-core, which never downloads a browser of its own here). Installs the `chromium` package
# with apt-get when it is missing; fails loudly (never skips) when it cannot. Prints the browser's path last.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
log() { echo "[ensure-chromium] $*" >&2; }

if [ ! -x "$CHROMIUM" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "$CHROMIUM is missing and apt-get is not available: install Chromium and set CHROMIUM_PATH"
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
      log "$CHROMIUM is missing and installing it needs root (apt-get install chromium)"
      exit 1
    fi
  fi
  # One installer at a time: apt holds its own lock, but two parallel runs would both download.
  exec 9>"${TMPDIR:-/tmp}/ensure-chromium.lock"
  flock 9
  if [ ! -x "$CHROMIUM" ]; then
    log "installing Debian's chromium (about 1-3 minutes)"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
  fi
fi

# (Debian's wrapper script prints a harmless shell warning on large-memory machines: keep only the version.)
"$CHROMIUM" --version 2>/dev/null >&2
echo "$CHROMIUM"
