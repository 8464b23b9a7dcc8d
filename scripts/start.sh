#!/usr/bin/env bash
# `npm start`: the whole product on this machine with no API key. Installs what is missing, starts the
# Temporal dev server (Web UI), PostgreSQL and MinIO, migrates, applies the schedules, then runs the workers
# for every task queue until Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
cd "$PROJECT_DIR"
npx tsx src/schedules/apply-cli.ts
log "Temporal Web UI: http://127.0.0.1:$TEMPORAL_UI_PORT"
log "operators: temporal schedule list --address 127.0.0.1:$TEMPORAL_PORT"
npx tsx src/worker.ts
