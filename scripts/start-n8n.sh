#!/usr/bin/env bash
# README command 1: n8n with this package installed, the example workflows active and the stand-in CRM up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec npx tsx scripts/start-n8n.ts "$@"
