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
# jest's --selectProjects takes every word after it as a project name, so `npm run test:e2e -- test/e2e/x.test.ts`
# (test:e2e = `--selectProjects e2e`) would run the whole e2e project: the project goes last, after the paths.
if [ "${1:-}" = "--selectProjects" ] && [ "$#" -ge 2 ]; then
  project="$2"
  shift 2
  set -- "$@" --selectProjects "$project"
fi
npx jest "$@"
