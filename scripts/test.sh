#!/usr/bin/env bash
# `npm test`: installs what is missing, starts the local services, migrates, type-checks, runs jest.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
cd "$PROJECT_DIR"
log "type-checking"
npx tsc --noEmit -p tsconfig.json
log "linting"
npx eslint --max-warnings 0 .
log "running jest"
exec npx jest "$@"
