#!/usr/bin/env bash
# A Temporal server on PostgreSQL, the way production self-hosts it, beside the dev server `npm start`
# uses: `up` (idempotent), `down`, `status`, `reset` (down, then drop its two databases and its config).
#
# `up` builds temporal-server and temporal-sql-tool once (scripts/lib.sh), starts the project's PostgreSQL
# (scripts/services.sh), creates the `temporal` and `temporal_visibility` databases there, applies and
# upgrades both schemas with the SQL tool (embedded schemas), writes the server's config under
# .data/temporal-cluster, starts the server, waits for it, and registers the namespace and the search
# attributes the workflows use. `npm run start:cluster` runs the product on it; the `integration-cluster`
# jest project runs the workflow suites against it.
#
# All four services (frontend, history, matching, worker) run in one process: on one machine separate
# processes only add memory (one Go runtime, persistence pools and membership ring each); the services
# still talk to each other over gRPC and ringpop as they do across hosts. TEMPORAL_CLUSTER_SERVICES=…
# (comma list) starts only some of them, for running them apart.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER_DIR="$DATA_DIR/temporal-cluster"
LOG_DIR="$DATA_DIR/logs"
PID_FILE="$DATA_DIR/temporal-cluster.pid"
UI_PID_FILE="$DATA_DIR/temporal-cluster-ui.pid"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_CLUSTER_RETENTION:-72h}"
DB_USER="${TEMPORAL_CLUSTER_DB_USER:-infinitymix}"
DB_PASSWORD="${TEMPORAL_CLUSTER_DB_PASSWORD:-infinitymix}"
DB_NAME="${TEMPORAL_CLUSTER_DB:-temporal}"
VISIBILITY_DB_NAME="${TEMPORAL_CLUSTER_VISIBILITY_DB:-temporal_visibility}"
SHARDS="${TEMPORAL_CLUSTER_SHARDS:-4}"
SERVICES="${TEMPORAL_CLUSTER_SERVICES:-frontend,history,matching,worker}"
# Frontend gRPC on TEMPORAL_CLUSTER_PORT; the other listeners follow it (gRPC then membership per service).
FRONTEND_PORT="$TEMPORAL_CLUSTER_PORT"
FRONTEND_HTTP_PORT=$((FRONTEND_PORT + 1))
FRONTEND_MEMBERSHIP_PORT=$((FRONTEND_PORT + 2))
HISTORY_PORT=$((FRONTEND_PORT + 3))
HISTORY_MEMBERSHIP_PORT=$((FRONTEND_PORT + 4))
MATCHING_PORT=$((FRONTEND_PORT + 5))
MATCHING_MEMBERSHIP_PORT=$((FRONTEND_PORT + 6))
WORKER_PORT=$((FRONTEND_PORT + 7))
WORKER_MEMBERSHIP_PORT=$((FRONTEND_PORT + 8))
ADDRESS="127.0.0.1:$FRONTEND_PORT"
# The search attributes every workflow upserts (src/shared/search-attributes.ts), as scripts/services.sh
# registers them on the dev server.
SEARCH_ATTRIBUTES=(CustomerId=Keyword GenerationStep=Keyword)

is_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
psql_on() { PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$DB_USER" -v ON_ERROR_STOP=1 -tAq -d "$@"; }
sql_tool() {
  temporal-sql-tool --plugin postgres12 --endpoint 127.0.0.1 --port "$POSTGRES_PORT" \
    --user "$DB_USER" --password "$DB_PASSWORD" "$@" >>"$LOG_DIR/temporal-cluster-schema.log" 2>&1
}
temporal_at_cluster() { temporal "$@" --address "$ADDRESS"; }

# Creates the database if missing, sets up schema versioning on a new one, then upgrades it to the newest
# schema version embedded in the tool (a no-op when it is there already).
prepare_database() {
  local database="$1" schema="$2"
  if [ "$(psql_on postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
    log "creating database $database"
    sql_tool --database "$database" create-database
  fi
  if [ "$(psql_on "$database" -c "SELECT to_regclass('public.schema_version') IS NOT NULL")" != t ]; then
    sql_tool --database "$database" setup-schema --version 0.0
  fi
  sql_tool --database "$database" update-schema --schema-name "$schema"
  log "database $database: schema $(psql_on "$database" -c 'SELECT curr_version FROM schema_version')"
}

write_dynamic_config() {
  local file="$CLUSTER_DIR/dynamicconfig.yaml"
  {
    echo '# Written by scripts/temporal-cluster.sh on every `up`; the server reads it again every 10 s.'
    # Task-queue priority and fairness as on the dev server (scripts/services.sh, docs/generation.md
    # "Scheduling"); TEMPORAL_FAIRNESS=off leaves them off, as there.
    if [ "${TEMPORAL_FAIRNESS:-on}" != off ]; then
      cat <<'YAML'
matching.useNewMatcher:
  - value: true
matching.enableFairness:
  - value: true
matching.numTaskqueueReadPartitions:
  - value: 1
matching.numTaskqueueWritePartitions:
  - value: 1
YAML
    fi
    # A namespace's search-attribute aliases travel with the namespace record, which every service
    # re-reads on this interval (default 10 s): short, so attributes registered by `up` are usable at once.
    cat <<'YAML'
system.namespaceCacheRefreshInterval:
  - value: 2s
YAML
  } >"$file"
}

write_server_config() {
  mkdir -p "$CLUSTER_DIR/config"
  write_dynamic_config
  # store DATABASE MAX_CONNECTIONS, service NAME GRPC_PORT MEMBERSHIP_PORT: YAML fragments of the config.
  store() {
    cat <<YAML
      sql:
        pluginName: postgres12
        databaseName: $1
        connectAddr: 127.0.0.1:$POSTGRES_PORT
        connectProtocol: tcp
        user: $DB_USER
        password: $DB_PASSWORD
        maxConns: $2
        maxIdleConns: $2
        maxConnLifetime: 1h
YAML
  }
  service() {
    cat <<YAML
  $1:
    rpc:
      grpcPort: $2
      membershipPort: $3
      bindOnLocalHost: true
YAML
  }
  {
    echo '# Written by scripts/temporal-cluster.sh on every `up`.'
    cat <<YAML
log:
  stdout: true
  level: ${TEMPORAL_CLUSTER_LOG_LEVEL:-warn}
persistence:
  numHistoryShards: $SHARDS
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  datastores:
    postgres-default:
YAML
    store "$DB_NAME" 10
    echo '    postgres-visibility:'
    store "$VISIBILITY_DB_NAME" 4
    cat <<YAML
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: 127.0.0.1:$TEMPORAL_CLUSTER_METRICS_PORT
services:
YAML
    service frontend "$FRONTEND_PORT" "$FRONTEND_MEMBERSHIP_PORT"
    echo "      httpPort: $FRONTEND_HTTP_PORT"
    service history "$HISTORY_PORT" "$HISTORY_MEMBERSHIP_PORT"
    service matching "$MATCHING_PORT" "$MATCHING_MEMBERSHIP_PORT"
    service worker "$WORKER_PORT" "$WORKER_MEMBERSHIP_PORT"
    cat <<YAML
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: $ADDRESS
      httpAddress: 127.0.0.1:$FRONTEND_HTTP_PORT
dcRedirectionPolicy:
  policy: noop
archival:
  history:
    state: disabled
  visibility:
    state: disabled
namespaceDefaults:
  archival:
    history:
      state: disabled
    visibility:
      state: disabled
dynamicConfigClient:
  filepath: $CLUSTER_DIR/dynamicconfig.yaml
  pollInterval: 10s
YAML
  } >"$CLUSTER_DIR/config/cluster.yaml"
  # It holds the database password.
  chmod 600 "$CLUSTER_DIR/config/cluster.yaml"
}

start_server() {
  local services=() name
  IFS=, read -ra services <<<"$SERVICES"
  local flags=()
  for name in "${services[@]}"; do flags+=(--service "$name"); done
  log "starting Temporal server ($SERVICES) on $ADDRESS, PostgreSQL databases $DB_NAME and $VISIBILITY_DB_NAME"
  nohup temporal-server --root "$CLUSTER_DIR" --config config --env cluster --allow-no-auth start "${flags[@]}" \
    >>"$LOG_DIR/temporal-cluster.log" 2>&1 &
  echo $! >"$PID_FILE"
}

# Waits for the frontend to answer its health check; gives up early when the server process has ended.
wait_for_health() {
  local pid; pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  local deadline=$((SECONDS + ${TEMPORAL_CLUSTER_START_TIMEOUT:-180}))
  until temporal_at_cluster operator cluster health >/dev/null 2>&1; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "Temporal server exited; last lines of $LOG_DIR/temporal-cluster.log:"; tail -n 20 "$LOG_DIR/temporal-cluster.log" >&2; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then log "Temporal server on $ADDRESS not healthy in time"; return 1; fi
    sleep 0.5
  done
}

namespace_exists_or_created() {
  temporal_at_cluster operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1 ||
    temporal_at_cluster operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
}

register_namespace() {
  if temporal_at_cluster operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then return 0; fi
  log "registering namespace $NAMESPACE (retention $RETENTION)"
  # Right after start the frontend may still be waiting for the history shards: retried.
  wait_for "namespace $NAMESPACE" 60 namespace_exists_or_created
}

register_search_attributes() {
  local pair listed registered=0
  listed="$(temporal_at_cluster operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null || true)"
  for pair in "${SEARCH_ATTRIBUTES[@]}"; do
    if grep -qw "${pair%%=*}" <<<"$listed"; then continue; fi
    log "registering search attribute ${pair%%=*} (${pair#*=}) in $NAMESPACE"
    # A namespace created a moment ago may not be in the frontend's cache yet: retried.
    wait_for "search attribute ${pair%%=*}" 60 temporal_at_cluster operator search-attribute create \
      --namespace "$NAMESPACE" --name "${pair%%=*}" --type "${pair#*=}"
    registered=1
  done
  # Ready means a visibility query over them is accepted, as the API's list routes and operators send it.
  local query="${SEARCH_ATTRIBUTES[0]%%=*} = 'readiness-probe'"
  wait_for "search attributes in $NAMESPACE" 60 temporal_at_cluster workflow count --namespace "$NAMESPACE" --query "$query"
  # The history and matching services pick up the namespace's attribute aliases on their next refresh.
  if [ "$registered" = 1 ]; then sleep 4; fi
}

cluster_up() {
  mkdir -p "$CLUSTER_DIR" "$LOG_DIR"
  install_temporal_server
  if ! is_listening "$FRONTEND_PORT"; then
    bash "$PROJECT_DIR/scripts/services.sh" up postgres
    prepare_database "$DB_NAME" postgresql/v12/temporal
    prepare_database "$VISIBILITY_DB_NAME" postgresql/v12/visibility
    write_server_config
    start_server
  fi
  wait_for_health
  register_namespace
  register_search_attributes
  ui_up
  log "Temporal server ready after ${SECONDS} s: $ADDRESS, namespace $NAMESPACE (TEMPORAL_ADDRESS=$ADDRESS)"
}

# The Temporal Web UI server (the one the dev server embeds, standalone), pointed at this server and at the
# codec server that `npm start` runs, so it shows decrypted payloads. Built on the first `up` that wants it;
# TEMPORAL_CLUSTER_UI=off (the tests) skips it.
ui_up() {
  [ "${TEMPORAL_CLUSTER_UI:-on}" != off ] || return 0
  is_listening "$TEMPORAL_CLUSTER_UI_PORT" && return 0
  install_temporal_ui_server
  mkdir -p "$CLUSTER_DIR/ui"
  cat >"$CLUSTER_DIR/ui/cluster.yaml" <<YAML
temporalGrpcAddress: $ADDRESS
host: 127.0.0.1
port: $TEMPORAL_CLUSTER_UI_PORT
enableUi: true
defaultNamespace: $NAMESPACE
refreshInterval: 1m
codec:
  endpoint: http://127.0.0.1:$CODEC_PORT
YAML
  nohup temporal-ui-server --root "$CLUSTER_DIR" --config ui --env cluster start >>"$LOG_DIR/temporal-cluster-ui.log" 2>&1 &
  echo $! >"$UI_PID_FILE"
  wait_for "Temporal Web UI" 30 curl -sf "http://127.0.0.1:$TEMPORAL_CLUSTER_UI_PORT/"
  log "Temporal Web UI (cluster): http://127.0.0.1:$TEMPORAL_CLUSTER_UI_PORT"
}

stop_pid_file() {
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  fi
  rm -f "$file"
}

cluster_down() {
  if [ -f "$UI_PID_FILE" ]; then log "stopping the cluster's Web UI"; stop_pid_file "$UI_PID_FILE"; fi
  if [ -f "$PID_FILE" ]; then log "stopping Temporal server ($ADDRESS)"; stop_pid_file "$PID_FILE"; fi
}

rss_mb() { awk '/^VmRSS:/ { printf "%d MB", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

cluster_status() {
  if is_listening "$FRONTEND_PORT"; then
    local pid; pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    echo "temporal cluster: up ($ADDRESS, namespace $NAMESPACE${pid:+, pid $pid, RSS $(rss_mb "$pid")})"
  else
    echo "temporal cluster: down"
  fi
  if is_listening "$TEMPORAL_CLUSTER_UI_PORT"; then echo "temporal cluster Web UI: http://127.0.0.1:$TEMPORAL_CLUSTER_UI_PORT"; fi
}

cluster_reset() {
  cluster_down
  local database
  for database in "$DB_NAME" "$VISIBILITY_DB_NAME"; do
    log "dropping database $database"
    psql_on postgres -c "DROP DATABASE IF EXISTS $database"
  done
  rm -rf "$CLUSTER_DIR"
}

case "${1:-up}" in
  up) cluster_up ;;
  down) cluster_down ;;
  status) cluster_status ;;
  reset) cluster_reset ;;
  *) echo "usage: $0 up|down|status|reset" >&2; exit 2 ;;
esac
