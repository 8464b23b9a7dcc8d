#!/usr/bin/env bash
# Everything before the product can run: tools, services, database schema, storage bucket.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$PROJECT_DIR/scripts/install.sh"
bash "$PROJECT_DIR/scripts/services.sh" up
cd "$PROJECT_DIR"
npx tsx src/db/migrate-cli.ts
