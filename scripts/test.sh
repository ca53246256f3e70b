#!/usr/bin/env bash
# README command 2 (npm test): strict lint, type check, the package checks n8n's verification runs (scanner on the
# packed tarball, `n8n-node lint`), build, unit tests, and end-to-end and editor tests in a real n8n.
# With arguments (npm run test:unit, test:e2e) only lint, type check and the selected jest projects run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent lint
npm run --silent typecheck
[ "$#" -gt 0 ] || bash scripts/verify-package.sh
npx jest "$@"
