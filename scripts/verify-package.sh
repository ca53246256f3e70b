#!/usr/bin/env bash
# Is the package publishable and verifiable by n8n? Builds, packs the tarball exactly as `npm publish` would,
# runs n8n's verification scan on the source and on the unpacked tarball (scripts/scan-package.mjs) and n8n's
# own CLI lint (`n8n-node lint`, strict: eslint.config.mjs must be n8n's unchanged template). Exits non-zero
# on any error or warning. Needs no n8n and no network.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[verify-package] $*" >&2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/verify-package-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ -d node_modules/.bin ]; then npm run --silent build >&2; else bash scripts/ensure-deps.sh; fi

log "npm pack"
TARBALL="$(npm pack --pack-destination "$WORK" --silent | tail -n 1)"
mkdir -p "$WORK/package"
tar -xzf "$WORK/$TARBALL" -C "$WORK/package" --strip-components=1
log "packed $TARBALL: $(find "$WORK/package" -type f | wc -l) files, $(du -k "$WORK/$TARBALL" | cut -f1) KB"

log "n8n's scanner checks"
# The scanner makes a temporary folder when it is loaded: keep it inside ours.
TMPDIR="$WORK" node scripts/scan-package.mjs "$WORK/package"

log "npx n8n-node lint"
set +e
LINT_OUTPUT="$(FORCE_COLOR=0 npx --no-install n8n-node lint 2>&1)"
LINT_STATUS=$?
set -e
echo "$LINT_OUTPUT"
# n8n-node lint exits 0 on warnings; the project allows none.
if [ "$LINT_STATUS" -ne 0 ] || grep -qE '[0-9]+ problems?' <<<"$LINT_OUTPUT"; then
  log "n8n-node lint found problems (exit $LINT_STATUS)"
  exit 1
fi
log "n8n-node lint: no problems"
log "publishable and verifiable: all checks passed"
