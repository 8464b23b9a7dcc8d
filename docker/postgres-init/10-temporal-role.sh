#!/bin/bash
# One PostgreSQL server holds the application's database and Temporal's two (made by the temporal-schema
# job, docker/temporal/setup-schema.sh): Temporal gets a role of its own that may create databases.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v role="$TEMPORAL_DB_USER" -v password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'password';
SQL
