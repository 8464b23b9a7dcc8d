# Shared paths and helpers for the project's shell scripts. Sourced, not run.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tools built once (Temporal CLI, MinIO) live outside the clone so every clone reuses them.
TOOLS_DIR="${INFINITYMIX_TOOLS_DIR:-$HOME/.cache/infinitymix}"
TOOLS_BIN="$TOOLS_DIR/bin"
# Service state (databases, object data, logs, pid files) lives inside the clone, gitignored.
DATA_DIR="${INFINITYMIX_DATA_DIR:-$PROJECT_DIR/.data}"

TEMPORAL_CLI_VERSION="v1.5.1"
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
SCHEMATHESIS_VERSION="4.32.5"
# The Temporal Server and Web UI that CLI v1.5.1 embeds, as separate programs for the compose stack's local images.
TEMPORAL_SERVER_VERSION="v1.29.1"
TEMPORAL_UI_VERSION="v2.42.1"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
POSTGRES_PORT="${POSTGRES_PORT:-54329}"
MINIO_PORT="${MINIO_PORT:-9010}"
MINIO_CONSOLE_PORT="${MINIO_CONSOLE_PORT:-9011}"
# The codec server (src/codec/server.ts) that the Web UI decrypts payloads through.
CODEC_PORT="${CODEC_PORT:-8089}"

export PATH="$TOOLS_BIN:$PROJECT_DIR/node_modules/.bin:$PATH"

log() { printf '[infinitymix] %s\n' "$*" >&2; }

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
