#!/usr/bin/env bash
# Starts (up), stops (down) or reports (status) the local services: Temporal dev server with Web UI,
# PostgreSQL and MinIO. Idempotent: `up` on running services only checks them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_DATA="$DATA_DIR/postgres"
PG_BIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)")"
PG_USER=infinitymix
PG_PASSWORD=infinitymix
PG_DB=infinitymix
MINIO_USER="${S3_ACCESS_KEY_ID:-infinitymix}"
MINIO_PASSWORD="${S3_SECRET_ACCESS_KEY:-infinitymix-secret}"
LOG_DIR="$DATA_DIR/logs"

# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user.
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

postgres_up() {
  # A server already on the port (another clone's, or CI's) is reused as it is.
  if is_listening "$POSTGRES_PORT"; then ensure_database; return 0; fi
  mkdir -p "$DATA_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initialising PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"
    local pwfile; pwfile="$(mktemp)"; echo "$PG_PASSWORD" > "$pwfile"; chmod 644 "$pwfile"
    pg_run "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 >/dev/null
    rm -f "$pwfile"
  fi
  if ! pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
    mkdir -p "$LOG_DIR"; touch "$LOG_DIR/postgres.log"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$LOG_DIR/postgres.log"
    pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 \
      -o "-p $POSTGRES_PORT -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=200" start >/dev/null
  fi
  ensure_database
}

ensure_database() {
  if ! PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$PG_USER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
    PGPASSWORD="$PG_PASSWORD" createdb -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$PG_USER" "$PG_DB"
  fi
}

temporal_up() {
  if is_listening "$TEMPORAL_PORT"; then return 0; fi
  log "starting Temporal dev server on 127.0.0.1:$TEMPORAL_PORT (Web UI http://127.0.0.1:$TEMPORAL_UI_PORT)"
  mkdir -p "$LOG_DIR"
  # Task-queue priority and per-customer fairness are off by default in server 1.29 (docs/generation.md,
  # "Scheduling"); they order tasks within a queue partition, so one partition (plenty for one machine's
  # workers) makes the order exact. TEMPORAL_FAIRNESS=off leaves all of it off, for bench:fairness only.
  local scheduling=(--dynamic-config-value matching.useNewMatcher=true --dynamic-config-value matching.enableFairness=true
    --dynamic-config-value matching.numTaskqueueReadPartitions=1 --dynamic-config-value matching.numTaskqueueWritePartitions=1)
  if [ "${TEMPORAL_FAIRNESS:-on}" = off ]; then scheduling=(); fi
  # The search attributes every workflow upserts are registered here, before any worker runs. The Web UI
  # decrypts payloads through the codec server that `npm start` runs on CODEC_PORT.
  nohup temporal server start-dev \
    --db-filename "$DATA_DIR/temporal.sqlite" \
    --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --ui-codec-endpoint "http://127.0.0.1:$CODEC_PORT" \
    --search-attribute CustomerId=Keyword \
    --search-attribute GenerationStep=Keyword \
    "${scheduling[@]}" \
    --log-level warn \
    >"$LOG_DIR/temporal.log" 2>&1 &
  echo $! > "$DATA_DIR/temporal.pid"
  wait_for "Temporal dev server" 90 temporal operator cluster health --address "127.0.0.1:$TEMPORAL_PORT"
}

minio_up() {
  if is_listening "$MINIO_PORT"; then return 0; fi
  log "starting MinIO on 127.0.0.1:$MINIO_PORT"
  mkdir -p "$DATA_DIR/minio" "$LOG_DIR"
  MINIO_ROOT_USER="$MINIO_USER" MINIO_ROOT_PASSWORD="$MINIO_PASSWORD" MINIO_BROWSER=off \
    nohup minio server "$DATA_DIR/minio" --quiet --address "127.0.0.1:$MINIO_PORT" \
    --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" >"$LOG_DIR/minio.log" 2>&1 &
  echo $! > "$DATA_DIR/minio.pid"
  wait_for "MinIO" 60 curl -sf "http://127.0.0.1:$MINIO_PORT/minio/health/ready"
}

stop_pidfile() {
  local name="$1" pidfile="$DATA_DIR/$1.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "stopping $name"
    kill "$(cat "$pidfile")"
    local pid; pid="$(cat "$pidfile")"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$pidfile"
}

# `up` and `down` take an optional service name (postgres, temporal, minio); fault tests use that to
# stop one service for a while.
service="${2:-all}"
wants() { [ "$service" = all ] || [ "$service" = "$1" ]; }

postgres_down() {
  if [ -f "$PG_DATA/PG_VERSION" ]; then pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi
}

case "${1:-up}" in
  up)
    if wants postgres; then postgres_up; fi
    if wants temporal; then temporal_up; fi
    if wants minio; then minio_up; fi
    ;;
  down)
    if wants temporal; then stop_pidfile temporal; fi
    if wants minio; then stop_pidfile minio; fi
    if wants postgres; then postgres_down; fi
    ;;
  status)
    is_listening "$TEMPORAL_PORT" && echo "temporal: up (127.0.0.1:$TEMPORAL_PORT, Web UI http://127.0.0.1:$TEMPORAL_UI_PORT)" || echo "temporal: down"
    is_listening "$POSTGRES_PORT" && echo "postgres: up (127.0.0.1:$POSTGRES_PORT)" || echo "postgres: down"
    is_listening "$MINIO_PORT" && echo "minio: up (127.0.0.1:$MINIO_PORT)" || echo "minio: down"
    ;;
  *) echo "usage: $0 up|down|status [postgres|temporal|minio]" >&2; exit 2 ;;
esac
