#!/usr/bin/env bash
# Generates the Prisma client offline. `prisma generate` only checks that a schema engine exists
# (it never runs it), and the engine's download host is unreachable here, so any executable will do.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"
stamp="src/generated/prisma/.schema.sha256"
hash="$(sha256sum prisma/schema.prisma | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then exit 0; fi
PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(type -P true)}" \
  PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 npx prisma generate >/dev/null
echo "$hash" > "$stamp"
log "Prisma client generated"
