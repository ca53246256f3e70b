#!/usr/bin/env bash
# Installs the project's dev dependencies when they are missing (a fresh clone), then builds dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing dev dependencies" >&2
  npm install --no-audit --no-fund >&2
fi
npm run --silent build >&2
