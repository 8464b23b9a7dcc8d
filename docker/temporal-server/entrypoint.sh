#!/bin/sh
# Starts Temporal Server the way the public temporalio/server image does: the configuration is
# config/docker.yaml, a template the server itself renders from the environment (DB, POSTGRES_SEEDS,
# DB_PORT, POSTGRES_USER, POSTGRES_PWD, BIND_ON_IP, the *_PORT variables, DYNAMIC_CONFIG_FILE_PATH, ...),
# and SERVICES (colon-separated) picks the roles this process runs, all four by default.
set -eu

# Bind to the container's own address unless told otherwise; on a wildcard bind, other members need a
# concrete address to reach this one.
own_address() { getent hosts "$(hostname)" | awk '{ print $1; exit }'; }
: "${BIND_ON_IP:=$(own_address)}"
export BIND_ON_IP
if [ "$BIND_ON_IP" = 0.0.0.0 ] || [ "$BIND_ON_IP" = "::0" ]; then
  : "${TEMPORAL_BROADCAST_ADDRESS:=$(own_address)}"
  export TEMPORAL_BROADCAST_ADDRESS
fi

set --
for service in $(echo "${SERVICES:-history:matching:frontend:worker}" | tr ':,' '  '); do
  set -- "$@" "--service=$service"
done
exec temporal-server --root /etc/temporal --config config --env docker start "$@"
