#!/usr/bin/env bash
# `npm start`: the whole product on this machine with no API key. Installs what is missing, starts the
# Temporal dev server (Web UI), PostgreSQL and MinIO, migrates, applies the schedules, then runs the HTTP API,
# the payload codec server and the workers for every task queue until it is stopped.
# `npm run start:cluster` (INFINITYMIX_TEMPORAL=cluster) does the same on the Temporal server on PostgreSQL
# (scripts/temporal-cluster.sh, with its own Web UI) instead of the dev server.
#
# Stopping: SIGTERM or SIGINT to this script (what a supervisor or `docker stop` sends to the top process;
# Ctrl-C in a terminal) is passed on once to every child, and the script exits when all of them have shut
# down gracefully, with the status of the first to end. A second signal is passed on again, and the
# children's default action ends them at once. When one child ends on its own (a crash), the others are
# stopped the same way. npm runs this script with `exec`, so npm's own forwarding reaches this shell.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Long-running children, all handled alike. Each runs in a session of its own, so a terminal's Ctrl-C
# reaches only this script, which passes it on exactly once; `node --import tsx` rather than the tsx CLI,
# so no wrapper process stands between the signal and the program.
CHILDREN=()
STOP_SIGNAL=''
start_child() {
  setsid node --import tsx "$@" &
  CHILDREN+=("$!")
}
signal_children() {
  local pid
  for pid in "${CHILDREN[@]}"; do kill -s "$1" "$pid" 2>/dev/null || true; done
}
on_signal() {
  STOP_SIGNAL="$1"
  log "SIG$1: stopping ${#CHILDREN[@]} processes"
  signal_children "$1"
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT
trap 'on_signal TERM' HUP

# Returns once every child has exited, with the status of the first one that ended. A trapped signal ends
# `wait` early without a child (`ended` stays empty), so it simply waits again.
wait_for_children() {
  local ended status first='' remaining=${#CHILDREN[@]}
  while [ "$remaining" -gt 0 ]; do
    ended=''
    status=0
    wait -n -p ended "${CHILDREN[@]}" || status=$?
    [ -n "${ended:-}" ] || continue
    remaining=$((remaining - 1))
    if [ -z "$first" ]; then
      first="$status"
      if [ -z "$STOP_SIGNAL" ]; then
        log "process $ended ended (status $status): stopping the others"
        STOP_SIGNAL=TERM
        signal_children TERM
      fi
    fi
  done
  return "${first:-0}"
}

api_ready_or_stopping() { [ -n "$STOP_SIGNAL" ] || curl -fsS "http://127.0.0.1:$API_PORT/healthz"; }

bash "$PROJECT_DIR/scripts/setup.sh"
cd "$PROJECT_DIR"
npx tsx src/schedules/apply-cli.ts
[ -z "$STOP_SIGNAL" ] || exit 0
if [ "${INFINITYMIX_TEMPORAL:-dev}" = cluster ]; then TEMPORAL_UI_PORT="$TEMPORAL_CLUSTER_UI_PORT"; fi
log "Temporal Web UI: http://127.0.0.1:$TEMPORAL_UI_PORT"
log "operators: temporal schedule list --address ${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"

API_PORT="${API_PORT:-8080}"
export API_PORT
# Codec server (docs/security.md): the Web UI and `temporal … --codec-endpoint` decrypt payloads through it.
export CODEC_PORT
# The workers load the workflow bundle prebuilt here, as the Docker image does: webpack runs once in a short-lived
# process instead of inside the worker, which then holds about 100 MB less at rest (docs/generation.md).
if [ -z "${WORKFLOW_BUNDLE_PATH:-}" ]; then
  npx tsx scripts/bundle-workflows.ts
  export WORKFLOW_BUNDLE_PATH="$PROJECT_DIR/dist/workflow-bundle.js"
fi
[ -z "$STOP_SIGNAL" ] || exit 0
start_child src/api/server.ts
start_child src/codec/server.ts
start_child src/worker.ts
if wait_for "API on port $API_PORT" 60 api_ready_or_stopping && [ -z "$STOP_SIGNAL" ]; then
  log "API: http://127.0.0.1:$API_PORT (try: curl http://127.0.0.1:$API_PORT/healthz)"
  # API keys (docs/security.md): every route but /healthz needs one.
  log "first API key: npm run keys -- create --customer <id> [--scope operator]; then send Authorization: Bearer <key>"
  log "codec server: http://127.0.0.1:$CODEC_PORT (CLI: temporal workflow show -w ID --codec-endpoint http://127.0.0.1:$CODEC_PORT --codec-auth \"Bearer \$(cat .data/codec-auth-token)\")"
fi
status=0
wait_for_children || status=$?
exit "$status"
