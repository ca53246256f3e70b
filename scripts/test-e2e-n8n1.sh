#!/usr/bin/env bash
# The version matrix's 1.x leg (`npm run test:e2e:n8n1`; .ci/run runs it after the pinned suite): the e2e files
# that cover regular mode, every trigger's happy path, the lookup deadline and the status codes of answers and
# rejections, against the newest n8n 1.x that installs here, on the same Node 24 runtime with n8n's default
# expression engine, installed by the same scripts/install-n8n.sh. What differs per n8n major lives in
# test/harness/n8nVersions.ts. Left out (2.x only, or not about 1.x compatibility): queue mode and the answer
# cache in queue mode, the editor (Playwright against 2.x's UI), load, hostile (the lab's profiles), the runtime
# installer and start:n8n (both about the pinned runtime).
# Extra arguments go to jest (e.g. -t 'deadline').
set -euo pipefail
cd "$(dirname "$0")/.."
export N8N_VERSION="${N8N1_VERSION:-1.123.81}"
SUBSET=(
  test/e2e/m8comLookup.test.ts
  test/e2e/m8comCallLogRecording.test.ts
  test/e2e/wildix.test.ts
  test/e2e/ctm.test.ts
  test/e2e/autoid.test.ts
  test/e2e/bodyLimits.test.ts
  test/e2e/templateCopies.test.ts
)
exec bash scripts/test.sh --selectProjects e2e --runTestsByPath "${SUBSET[@]}" "$@"
