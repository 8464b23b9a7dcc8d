#!/bin/sh
# One-shot job before Temporal Server starts (in place of the deprecated auto-setup image): creates
# Temporal's two databases when missing and brings their schemas to this server version. Safe to run
# again: an existing database is kept, setup-schema and update-schema skip what is done. The schemas come
# from the tool itself (--schema-name), so this runs in the public temporalio/admin-tools image as well.
set -eu
: "${DB:=postgres12}" "${DB_PORT:=5432}" "${DBNAME:=temporal}" "${VISIBILITY_DBNAME:=temporal_visibility}"

# sql_tool DATABASE COMMAND [OPTIONS...]
sql_tool() {
  database="$1"; shift
  temporal-sql-tool --plugin "$DB" --endpoint "$POSTGRES_SEEDS" --port "$DB_PORT" \
    --user "$POSTGRES_USER" --password "$POSTGRES_PWD" --database "$database" "$@"
}

create_database() {
  if output="$(sql_tool "$1" create-database 2>&1)"; then
    echo "created database $1"
  elif echo "$output" | grep -q 'already exists'; then
    echo "database $1 exists"
  else
    echo "$output" >&2
    return 1
  fi
}

setup() {
  create_database "$1"
  sql_tool "$1" setup-schema -v 0.0
  sql_tool "$1" update-schema --schema-name "$2"
}

setup "$DBNAME" postgresql/v12/temporal
setup "$VISIBILITY_DBNAME" postgresql/v12/visibility
echo "Temporal schemas are current"
