#!/usr/bin/env bash
# Runs docker-compose.temporal.yml for real and checks it end to end: builds the images that are missing
# (scripts/compose-images.sh; COMPOSE_SMOKE_IMAGES=public uses the public images instead), brings the
# stack up, waits until every service is healthy and every one-shot job has succeeded, makes an API key
# inside the API container, runs a generation and an Auto DJ plan through the API, triggers the cleanup
# schedule, checks all three complete, prints each service's health and the results, and tears the stack
# down (always, volumes included). Docker is installed when missing; a Docker engine this script had to
# start is stopped again at the end. Exit status 0 only when everything passed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMPOSE_FILE="$PROJECT_DIR/docker-compose.temporal.yml"
PROJECT_NAME="${COMPOSE_SMOKE_PROJECT:-infinitymix-smoke}"
IMAGES="${COMPOSE_SMOKE_IMAGES:-local}"
WAIT_SECONDS="${COMPOSE_SMOKE_WAIT_SECONDS:-300}"
API_URL="http://127.0.0.1:${STACK_API_PORT:-7508}"
TEMPORAL_ADDRESS="127.0.0.1:${STACK_TEMPORAL_PORT:-7533}"
CODEC_URL="http://127.0.0.1:${STACK_CODEC_PORT:-7589}"
LONG_RUNNING=(postgres minio temporal temporal-ui worker-generation worker-planning worker-maintenance api codec-server)
ONE_SHOT=(temporal-schema temporal-namespace setup)
STARTED=$SECONDS

WORK_DIR="$(mktemp -d)"
ENV_FILE="$WORK_DIR/compose.env"
DOCKERD_PID=''
STACK_UP=''

phase() { log "[$((SECONDS - STARTED)) s] $*"; }
compose() { docker-compose -f "$COMPOSE_FILE" -p "$PROJECT_NAME" --env-file "$ENV_FILE" "$@"; }

# --- Docker engine: installed when missing, started when not running, left as found ---------------------
ensure_docker() {
  local packages=()
  command -v dockerd >/dev/null || packages+=(docker.io)
  command -v docker-compose >/dev/null || packages+=(docker-compose)
  if [ ${#packages[@]} -gt 0 ]; then
    log "installing ${packages[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
  if docker info >/dev/null 2>&1; then return 0; fi
  log "starting dockerd (stopped again at the end)"
  mkdir -p "$DATA_DIR/logs"
  as_root dockerd >"$DATA_DIR/logs/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  wait_for "the Docker engine" 60 docker info
}

stop_started_dockerd() {
  [ -n "$DOCKERD_PID" ] || return 0
  log "stopping the dockerd this script started (pid $DOCKERD_PID)"
  kill "$DOCKERD_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$DOCKERD_PID" 2>/dev/null || return 0; sleep 0.5; done
  log "dockerd did not stop within 30 s"
}

finish() {
  local status=$?
  if [ -n "$STACK_UP" ]; then
    if [ "$status" -ne 0 ]; then
      log "failed: last log lines of each service, then their state"
      compose logs --no-color --tail 15 2>&1 | sed 's/^/    /' >&2 || true
      print_health || true
    fi
    phase "tearing the stack down"
    compose down --volumes --remove-orphans >/dev/null 2>&1 || log "docker-compose down failed"
  fi
  stop_started_dockerd
  rm -rf "$WORK_DIR"
  log "compose smoke $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - STARTED)) s"
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# --- The stack -----------------------------------------------------------------------------------------
write_env_file() {
  # Fresh secrets for every run; the stack's volumes go with it.
  touch "$ENV_FILE"
  chmod 600 "$ENV_FILE"
  {
    echo "PAYLOAD_ENCRYPTION_KEYS=smoke:$(openssl rand -base64 32)"
    echo "CODEC_AUTH_TOKEN=$(openssl rand -base64 48 | tr -d '\n/+=')"
    echo "ID_SECRET=$(openssl rand -base64 48 | tr -d '\n/+=')"
  } > "$ENV_FILE"
  if [ "$IMAGES" = local ]; then
    bash "$PROJECT_DIR/scripts/compose-images.sh" >> "$ENV_FILE"
  fi
}

container_of() { compose ps -q "$1" 2>/dev/null | head -n1; }
state_of() {
  local id; id="$(container_of "$1")"
  [ -n "$id" ] || { echo missing; return; }
  docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.State.ExitCode}}' "$id"
}

all_ready() {
  local service state
  for service in "${LONG_RUNNING[@]}"; do
    state="$(state_of "$service")"
    [ "${state%% *}" = running ] && [ "$(echo "$state" | cut -d' ' -f2)" = healthy ] || return 1
  done
  for service in "${ONE_SHOT[@]}"; do
    [ "$(state_of "$service")" = "exited - 0" ] || return 1
  done
}

# A one-shot job that failed or a service that stopped will not get better: stop waiting at once.
broken_service() {
  local service state
  for service in "${ONE_SHOT[@]}"; do
    state="$(state_of "$service")"
    case "$state" in exited*) [ "$state" = "exited - 0" ] || { echo "$service ($state)"; return 0; } ;; esac
  done
  for service in "${LONG_RUNNING[@]}"; do
    state="$(state_of "$service")"
    case "$state" in exited*|dead*) echo "$service ($state)"; return 0 ;; esac
  done
  return 1
}

wait_until_healthy() {
  local deadline=$((SECONDS + WAIT_SECONDS)) broken
  until all_ready; do
    if broken="$(broken_service)"; then log "service ended: $broken"; return 1; fi
    if [ "$SECONDS" -ge "$deadline" ]; then log "not every service was healthy within ${WAIT_SECONDS} s"; return 1; fi
    sleep 2
  done
}

print_health() {
  local service state
  printf '  %-20s %-9s %-10s %s\n' service state health exit >&2
  for service in "${ONE_SHOT[@]}" "${LONG_RUNNING[@]}"; do
    state="$(state_of "$service")"
    printf '  %-20s %-9s %-10s %s\n' "$service" $state >&2
  done
}

# --- Jobs through the API ------------------------------------------------------------------------------
json_field() { node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));console.log(typeof v==="object"?JSON.stringify(v):v??"")})' "$1"; }
api() { curl -sS -H "Authorization: Bearer $API_KEY" -H 'content-type: application/json' "$@"; }

# poll_until PATH FIELD DONE_VALUES FAIL_VALUES SECONDS: prints the final body; fails on a FAIL value or timeout.
poll_until() {
  local path="$1" done_values="$2" fail_values="$3" seconds="$4" body status deadline=$((SECONDS + $4))
  while :; do
    body="$(api "$API_URL$path")"
    status="$(echo "$body" | json_field status)"
    if [[ " $done_values " == *" $status "* ]]; then echo "$body"; return 0; fi
    if [[ " $fail_values " == *" $status "* ]]; then echo "$body"; log "$path ended $status"; return 1; fi
    if [ "$SECONDS" -ge "$deadline" ]; then echo "$body"; log "$path still $status after ${seconds} s"; return 1; fi
    sleep 2
  done
}

# The temporal CLI of the admin-tools image, reading payloads through the stack's codec server. Compose's
# own progress lines go to a log, shown when the command fails.
temporal_cli() {
  compose run --rm --no-deps -T --entrypoint temporal temporal-namespace "$@" --address "$TEMPORAL_ADDRESS" \
    --codec-endpoint "$CODEC_URL" --codec-auth "Bearer $CODEC_AUTH_TOKEN" 2>"$WORK_DIR/cli.log" || { cat "$WORK_DIR/cli.log" >&2; return 1; }
}

ensure_docker
phase "images ($IMAGES)"
write_env_file
CODEC_AUTH_TOKEN="$(sed -n 's/^CODEC_AUTH_TOKEN=//p' "$ENV_FILE")"
compose config -q
if [ "$IMAGES" = public ]; then
  phase "building the application image on the public Node image"
  compose build setup >/dev/null
fi
phase "starting the stack"
STACK_UP=1
compose up -d --no-build >/dev/null 2>"$WORK_DIR/up.log" || { cat "$WORK_DIR/up.log" >&2; exit 1; }
wait_until_healthy
phase "every service healthy, every one-shot job done"
print_health

# keys-cli prints the new key alone on its own line.
API_KEY="$(compose exec -T api node dist/api/keys-cli.js create --customer compose-smoke --label "compose smoke" | awk 'NF == 1 && $1 ~ /^imx_live_/ { print $1 }')"
[ -n "$API_KEY" ] || { log "no API key from keys-cli"; exit 1; }

phase "generation and plan through the API"
generation="$(api -X POST "$API_URL/v1/generations" -d '{"prompt":"calm piano for a compose smoke test","mood":"calm","durationSeconds":10}')"
job_id="$(echo "$generation" | json_field jobId)"
[ -n "$job_id" ] || { log "generation not accepted: $generation"; exit 1; }
plan="$(api -X POST "$API_URL/v1/plans" -d '{"pool":{"tracks":[{"id":"opener","durationSeconds":200,"bpm":120,"key":"8A","energy":4},{"id":"lift","durationSeconds":210,"bpm":122,"key":"9A","energy":6},{"id":"peak","durationSeconds":190,"bpm":124,"key":"9B","energy":8}]},"targetDurationSeconds":480,"energyMode":"build"}')"
plan_id="$(echo "$plan" | json_field planId)"
[ -n "$plan_id" ] || { log "plan not accepted: $plan"; exit 1; }

phase "triggering schedule maintenance-cleanup"
trigger_time="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
temporal_cli schedule trigger --schedule-id maintenance-cleanup >/dev/null

generation_view="$(poll_until "/v1/generations/$job_id" completed 'failed needs_attention cancelled' 300)"
# The view can say completed a moment before the job row carries the result.
for _ in $(seq 1 30); do
  [ -n "$(echo "$generation_view" | json_field result.masterKey)" ] && break
  sleep 1
  generation_view="$(api "$API_URL/v1/generations/$job_id")"
done
[ -n "$(echo "$generation_view" | json_field result.masterKey)" ] || { log "generation $job_id completed without a result: $generation_view"; exit 1; }
plan_view="$(poll_until "/v1/plans/$plan_id" completed failed 300)"
cleanup_id=''
for _ in $(seq 1 60); do
  cleanup_id="$(temporal_cli workflow list --query "TemporalScheduledById = 'maintenance-cleanup' AND StartTime >= '$trigger_time'" \
    --limit 1 -o json | json_field 0.execution.workflowId)"
  [ -n "$cleanup_id" ] && break
  sleep 2
done
[ -n "$cleanup_id" ] || { log "no cleanup run started by the trigger"; exit 1; }
cleanup_outcome="$(temporal_cli workflow result --workflow-id "$cleanup_id" -o json)"
cleanup_status="$(echo "$cleanup_outcome" | json_field status)"
[ "$cleanup_status" = COMPLETED ] || { log "cleanup run $cleanup_id ended $cleanup_status"; exit 1; }
phase "all three completed"

echo "generation $job_id: status $(echo "$generation_view" | json_field status), step $(echo "$generation_view" | json_field step), $(echo "$generation_view" | json_field result.durationSeconds) s of audio, master $(echo "$generation_view" | json_field result.masterKey)"
echo "plan $plan_id: status $(echo "$plan_view" | json_field status), tracks $(echo "$plan_view" | json_field plan.entries | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s).map((e)=>e.trackId).join(" → ")))'), duration $(echo "$plan_view" | json_field plan.totalDurationSeconds) s"
echo "schedule maintenance-cleanup → $cleanup_id: $cleanup_status $(echo "$cleanup_outcome" | json_field result)"
phase "health after the jobs"
print_health
