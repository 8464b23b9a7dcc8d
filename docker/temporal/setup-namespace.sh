#!/bin/sh
# One-shot job once Temporal Server is healthy: the namespace the application uses and the search
# attributes every workflow upserts (src/shared/search-attributes.ts), each created only when missing,
# then waits until the frontend answers a visibility query that uses them. Safe to run again.
set -eu
: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be set}" "${TEMPORAL_NAMESPACE:=default}" "${NAMESPACE_RETENTION:=72h}"
export TEMPORAL_ADDRESS TEMPORAL_NAMESPACE

# retry SECONDS COMMAND...: the frontend takes a few seconds to see a new namespace and its attributes.
retry() {
  seconds="$1"; shift
  deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "gave up after ${seconds}s: $*" >&2; "$@"; return 1; fi
    sleep 1
  done
}

if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $TEMPORAL_NAMESPACE exists"
else
  temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION"
fi
retry 60 temporal workflow list --namespace "$TEMPORAL_NAMESPACE" --limit 1

existing="$(temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE")"
for name in CustomerId GenerationStep; do
  if echo "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type Keyword
  fi
done
retry 60 temporal workflow list --namespace "$TEMPORAL_NAMESPACE" --limit 1 \
  --query "CustomerId = 'setup-check' AND GenerationStep = 'setup-check'"
echo "namespace $TEMPORAL_NAMESPACE ready"
