#!/usr/bin/env bash
# Builds, when missing, local images for every service of docker-compose.temporal.yml, for a machine that
# reaches no image registry (docker pull fails): a Debian bookworm base made with debootstrap from apt's own
# mirror, then Node, Temporal Server, its admin tools, the Web UI, PostgreSQL and MinIO on it (docker/*),
# and the application image from the project's Dockerfile on the local Node base. Prints the compose
# variables that select these images (KEY=value lines on stdout). Needs a running Docker engine.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Build contexts keep their files' modes: the images' non-root users (node, postgres, temporal) must be able
# to read and run them, whatever umask the caller had.
umask 022

DEBIAN_IMAGE=local/debian:bookworm
NODE_IMAGE="local/node:$(node --version | sed 's/^v//')-bookworm"
SERVER_IMAGE="local/temporal-server:${TEMPORAL_SERVER_VERSION#v}"
ADMIN_TOOLS_IMAGE="local/temporal-admin-tools:${TEMPORAL_SERVER_VERSION#v}"
UI_IMAGE="local/temporal-ui:${TEMPORAL_UI_VERSION#v}"
POSTGRES_IMAGE=local/postgres:15-bookworm
MINIO_IMAGE="local/minio:${MINIO_VERSION##*-}"
APP_IMAGE="${APP_IMAGE:-infinitymix-workflows:local}"

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

# The mirror apt on this machine uses (deb822 sources or the one-line format).
apt_mirror() {
  local uri
  uri="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [ -n "$uri" ] || uri="$(awk '$1 == "deb" && $3 ~ /^bookworm/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

build_debian_base() {
  has_image "$DEBIAN_IMAGE" && return 0
  command -v debootstrap >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
  local rootfs; rootfs="$(mktemp -d)"
  log "making $DEBIAN_IMAGE with debootstrap from $(apt_mirror) (about a minute)"
  as_root debootstrap --variant=minbase bookworm "$rootfs" "$(apt_mirror)" >/dev/null
  as_root tar -C "$rootfs" -c . | docker import - "$DEBIAN_IMAGE" >/dev/null
  as_root rm -rf "$rootfs"
}

# go_build_once NAME PACKAGE@VERSION: a Go program built once into TOOLS_BIN under NAME.
go_build_once() {
  local name="$1" package="$2"
  [ -x "$TOOLS_BIN/$name" ] && return 0
  local go_bin gobin; go_bin="$(command -v go || echo /usr/local/go/bin/go)"; gobin="$(mktemp -d)"
  log "building $name from $package (first run only; takes minutes)"
  GOBIN="$gobin" GOFLAGS=-buildvcs=false CGO_ENABLED=0 "$go_bin" install "$package"
  mkdir -p "$TOOLS_BIN"
  mv "$gobin"/* "$TOOLS_BIN/$name"
  rmdir "$gobin"
}

# docker_build IMAGE CONTEXT [OPTIONS...]: the build's output goes to a log, shown only when it fails.
docker_build() {
  local image="$1" context="$2"; shift 2
  local build_log="$LOG_DIR/docker-build-${image//[\/:]/-}.log"
  log "building $image"
  if ! docker build --network host "$@" -t "$image" "$context" >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    log "building $image failed (whole output: $build_log)"
    return 1
  fi
}

# build_local IMAGE DIRECTORY [FILE...]: docker/DIRECTORY plus the named files, as one build context.
build_local() {
  local image="$1" directory="$2"; shift 2
  has_image "$image" && return 0
  local context; context="$(mktemp -d)"
  cp -r "$PROJECT_DIR/docker/$directory/." "$context/"
  local file
  for file in "$@"; do cp -r "$file" "$context/"; done
  docker_build "$image" "$context" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE"
  rm -rf "$context"
}

# module_dir MODULE@VERSION: where the Go module cache holds that module's files.
module_dir() {
  local go_bin; go_bin="$(command -v go || echo /usr/local/go/bin/go)"
  "$go_bin" mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

# The machine's own programs under the names the Dockerfiles expect, in a scratch directory.
staged() {
  local name="$1" source="$2" directory
  directory="$STAGE/$name"; mkdir -p "$(dirname "$directory")"
  cp -rL "$source" "$directory"
  echo "$directory"
}

command -v docker >/dev/null && docker info >/dev/null 2>&1 || { log "no running Docker engine (scripts/compose-smoke.sh starts one)"; exit 1; }
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$LOG_DIR"

go_build_once temporal "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
go_build_once minio "github.com/minio/minio@$MINIO_VERSION"
go_build_once temporal-server "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION"
go_build_once temporal-sql-tool "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
go_build_once temporal-ui-server "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_VERSION"

build_debian_base
build_local "$NODE_IMAGE" local-node \
  "$(staged node "$(command -v node)")" \
  "$(staged npm "$(dirname "$(readlink -f "$(command -v npm)")")/..")" \
  "$(staged host-ca-certificates.crt /etc/ssl/certs/ca-certificates.crt)"
build_local "$SERVER_IMAGE" temporal-server "$TOOLS_BIN/temporal-server" "$TOOLS_BIN/temporal"
build_local "$ADMIN_TOOLS_IMAGE" temporal-admin-tools "$TOOLS_BIN/temporal-sql-tool" "$TOOLS_BIN/temporal"
# The UI's configuration template comes from the same module version as the binary.
build_local "$UI_IMAGE" temporal-ui \
  "$(staged ui-server "$TOOLS_BIN/temporal-ui-server")" \
  "$(staged docker.yaml "$(module_dir "github.com/temporalio/ui-server/v2@$TEMPORAL_UI_VERSION")/config/docker.yaml")"
build_local "$POSTGRES_IMAGE" postgres
build_local "$MINIO_IMAGE" minio "$TOOLS_BIN/minio"

# The application image is built every time: Docker's layer cache makes an unchanged tree take seconds.
docker_build "$APP_IMAGE" "$PROJECT_DIR" --build-arg "BASE_IMAGE=$NODE_IMAGE"

cat <<EOF
NODE_BASE_IMAGE=$NODE_IMAGE
APP_IMAGE=$APP_IMAGE
TEMPORAL_SERVER_IMAGE=$SERVER_IMAGE
TEMPORAL_ADMIN_TOOLS_IMAGE=$ADMIN_TOOLS_IMAGE
TEMPORAL_UI_IMAGE=$UI_IMAGE
POSTGRES_IMAGE=$POSTGRES_IMAGE
MINIO_IMAGE=$MINIO_IMAGE
EOF
