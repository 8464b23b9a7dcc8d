#!/usr/bin/env bash
# Everything before the product can run: tools, services, database schema, storage bucket, local secrets.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$PROJECT_DIR/scripts/install.sh"
if [ "${INFINITYMIX_TEMPORAL:-dev}" = cluster ]; then
  bash "$PROJECT_DIR/scripts/services.sh" up postgres
  bash "$PROJECT_DIR/scripts/services.sh" up minio
  bash "$PROJECT_DIR/scripts/temporal-cluster.sh" up
else
  bash "$PROJECT_DIR/scripts/services.sh" up
fi
cd "$PROJECT_DIR"
npx tsx src/db/migrate-cli.ts
npx tsx src/storage/ensure-ready-cli.ts
# Payloads are encrypted by default: a local key file and codec token, made once, unless configured.
npx tsx src/codec/local-secrets-cli.ts
