#!/usr/bin/env bash
# Installs everything the project needs that a fresh Debian machine lacks. Idempotent: a second run takes seconds.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_debian_packages() {
  local missing=()
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  command -v sox >/dev/null || missing+=(sox)
  command -v fluidsynth >/dev/null || missing+=(fluidsynth)
  [ -f /usr/share/sounds/sf2/TimGM6mb.sf2 ] || missing+=(timgm6mb-soundfont)
  command -v fpcalc >/dev/null || missing+=(libchromaprint-tools)
  command -v tmux >/dev/null || missing+=(tmux) # the customer CLI test drives `generate --wait` in a terminal
  command -v yt-dlp >/dev/null || missing+=(yt-dlp)
  # Baselines measured side by side in `npm run bench:audio`.
  command -v aubio >/dev/null || missing+=(aubio-tools)
  command -v bpm >/dev/null || missing+=(bpm-tools)
  command -v curl >/dev/null || missing+=(curl ca-certificates)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || missing+=(golang-go)
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
  # Headless browser for the /docs page test and the Web UI screenshot (driven by playwright-core).
  command -v chromium >/dev/null || missing+=(chromium)
  install_debian_packages_named ${missing[@]+"${missing[@]}"}
}

# schemathesis (PyPI) fuzzes the API from its /openapi.json (scripts/fuzz-api.sh), from a venv of its own.
install_schemathesis() {
  local venv="$TOOLS_DIR/venv"
  if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" = "schemathesis, version $SCHEMATHESIS_VERSION" ]; then return 0; fi
  log "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

install_node_modules() {
  cd "$PROJECT_DIR"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # `npm ci` would refuse: the registry reachable here serves no other-platform optional packages
    # (@swc/core-darwin-*, …), so the lock cannot list them. `npm install` on an unchanged lock installs
    # exactly the locked versions and leaves the lock as it is.
    log "installing npm packages (locked versions)"
    npm install --no-audit --no-fund --loglevel=error
  fi
}

install_debian_packages
go_install_once temporal "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
# The newest MinIO the module proxy served on 2026-11-22, pinned so every machine builds the same server.
go_install_once minio "github.com/minio/minio@$MINIO_VERSION"
install_schemathesis
install_node_modules
bash "$PROJECT_DIR/scripts/prisma-generate.sh"
