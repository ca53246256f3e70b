#!/usr/bin/env bash
# README command 2 (npm test): strict lint, type check, build, unit tests, and end-to-end tests in a real n8n.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent lint
npm run --silent typecheck
npx jest "$@"
