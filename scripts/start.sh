#!/usr/bin/env bash
# `npm start`: the whole product on this machine with no API key. Installs what is missing, starts the
# Temporal dev server (Web UI), PostgreSQL and MinIO, migrates, applies the schedules, then runs the HTTP API
# in the background and the workers for every task queue in the foreground until Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
cd "$PROJECT_DIR"
npx tsx src/schedules/apply-cli.ts
log "Temporal Web UI: http://127.0.0.1:$TEMPORAL_UI_PORT"
log "operators: temporal schedule list --address 127.0.0.1:$TEMPORAL_PORT"

API_PORT="${API_PORT:-8080}"
export API_PORT
tsx src/api/server.ts &
API_PID=$!
# However the worker ends (Ctrl-C, crash), the API goes with it and gets its graceful shutdown.
stop_api() { kill -TERM "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true; }
trap stop_api EXIT
wait_for "API on port $API_PORT" 60 curl -fsS "http://127.0.0.1:$API_PORT/healthz"
log "API: http://127.0.0.1:$API_PORT (try: curl http://127.0.0.1:$API_PORT/healthz)"
# API keys (docs/security.md): every route but /healthz needs one.
log "first API key: npm run keys -- create --customer <id> [--scope operator]; then send Authorization: Bearer <key>"
tsx src/worker.ts
