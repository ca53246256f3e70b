#!/usr/bin/env bash
# `npm run screenshots`: one PNG per node of the package in docs/images/, taken in the real n8n editor.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec npx tsx scripts/screenshots.ts "$@"
