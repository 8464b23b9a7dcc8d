#!/usr/bin/env bash
# Fuzzes the HTTP API with schemathesis against its own /openapi.json: starts the API on a free port (Temporal,
# PostgreSQL and MinIO must be up: scripts/services.sh), runs schemathesis once with an operator key and once
# with a customer key, prints the figures and exits non-zero on any server error, any answer that breaks the
# documented status codes, content types, headers or schemas, or an API that is not healthy afterwards.
#
# Keys: FUZZ_OPERATOR_KEY and FUZZ_CUSTOMER_KEY; when one is unset, the run makes a key of that scope with
# `npm run keys` for a customer of its own and revokes it at the end. `ignored_auth` also sends each operation
# without a key and with a wrong one, and expects 401.
# FUZZ_EXAMPLES_PER_OPERATION bounds the examples schemathesis generates per operation and phase (default 15).
# Jobs the fuzz starts go to a Temporal namespace of their own (FUZZ_TEMPORAL_NAMESPACE, default
# infinitymix-fuzz) where no worker runs, and are terminated at the end; with no worker to answer, progress
# queries give up after API_QUERY_TIMEOUT_MS (250 here) and the API answers from the database.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"

SCHEMATHESIS="$TOOLS_DIR/venv/bin/schemathesis"
EXAMPLES="${FUZZ_EXAMPLES_PER_OPERATION:-15}"
NAMESPACE="${FUZZ_TEMPORAL_NAMESPACE:-infinitymix-fuzz}"
TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"
OUT="$DATA_DIR/fuzz"
CHECKS=not_a_server_error,ignored_auth,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance

[ -x "$SCHEMATHESIS" ] || { log "schemathesis is missing: run scripts/install.sh"; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"

# The namespace needs the search attributes every generation is started with (services.sh registers them in default).
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1 ||
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" --retention 24h >/dev/null
# A namespace just made takes a few seconds to be known everywhere in the server, hence the retries.
for attribute in CustomerId GenerationStep; do
  wait_for "search attribute $attribute in $NAMESPACE" 60 \
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" --name "$attribute" --type Keyword
done

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
# The per-customer request rate limit would turn most of the run into 429s; the fuzz is about the answers.
# No metrics listener (API_METRICS_PORT=0): its fixed default port may be taken by an `npm start` here.
API_PORT="$port" TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" TEMPORAL_NAMESPACE="$NAMESPACE" API_QUERY_TIMEOUT_MS=250 \
  RATE_LIMIT_PER_MINUTE=1000000 LOG_LEVEL=info API_METRICS_PORT=0 \
  node --import tsx src/api/server.ts >"$OUT/api.log" 2>&1 &
api_pid=$!
made_keys=()
stop_api() {
  kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  for key_id in "${made_keys[@]}"; do npm run --silent keys -- revoke "$key_id" >/dev/null || true; done
  temporal workflow terminate --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" \
    --query 'ExecutionStatus="Running"' --reason 'fuzz run ended' --yes >/dev/null 2>&1 || true
}
trap stop_api EXIT
wait_for "the API on port $port" 60 curl -sf "$base/healthz"

# `npm run keys -- create` prints "created SCOPE key ID (PREFIX) for customer C", then the key alone on an indented line.
make_key() {
  local scope="$1" variable="$2" printed
  printed="$(npm run --silent keys -- create --customer "fuzz-$scope" --scope "$scope" --label 'scripts/fuzz-api.sh')"
  made_keys+=("$(sed -n "s/^created $scope key \([^ ]*\) .*/\1/p" <<<"$printed")")
  printf -v "$variable" '%s' "$(sed -n 's/^  \([^ ][^ ]*\)$/\1/p' <<<"$printed")"
}
[ -n "${FUZZ_OPERATOR_KEY:-}" ] || make_key operator FUZZ_OPERATOR_KEY
[ -n "${FUZZ_CUSTOMER_KEY:-}" ] || make_key customer FUZZ_CUSTOMER_KEY

failed=0
run() {
  local name="$1" key="$2" seed="$3"
  local auth=() how='without a key'
  if [ -n "$key" ]; then auth=(--header "Authorization: Bearer $key"); how='with its key'; fi
  log "fuzzing as $name $how: $EXAMPLES examples per operation"
  # No --max-response-time: timings are for bench/, not for a pass/fail check on shared cores.
  # Run from $OUT: schemathesis keeps its replay cache in the working directory.
  (cd "$OUT" && "$SCHEMATHESIS" run "$base/openapi.json" "${auth[@]}" --checks "$CHECKS" --max-examples "$EXAMPLES" --seed "$seed" \
    --workers 1 --request-timeout 30 --no-color --report json --report-json-path "$OUT/$name.json") >"$OUT/$name.log" 2>&1 || failed=1
  python3 - "$OUT/$name.json" "$name" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
failures = ", ".join(f"{failure['title']} ({failure['code']}): {failure['count']} in {', '.join(failure['operations'])}" for failure in report["failures"])
print(f"fuzz {sys.argv[2]}: {report['test_cases']['generated']} test cases, {report['operations']['tested']} operations, "
      f"{report['running_time']:.0f} s, failures: {failures or 'none'}, errors: {len(report['errors'])}")
PY
}
# Counted from here: the first /healthz calls above may meet a cold database connection.
logged_before="$(wc -l <"$OUT/api.log")"
started=$SECONDS
run operator "${FUZZ_OPERATOR_KEY:-}" 1
run customer "${FUZZ_CUSTOMER_KEY:-}" 2

health="$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")"
answers="$(tail -n +"$((logged_before + 1))" "$OUT/api.log" | grep '"message":"http request"')"
requests="$(grep -c . <<<"$answers")"
server_errors="$(grep -c '"status":5[0-9][0-9]' <<<"$answers" || true)"
echo "fuzz: $requests requests in $((SECONDS - started)) s, $server_errors answered 5xx, /healthz after: $health (logs and reports: $OUT)"
[ "$health" = 200 ] || failed=1
[ "$server_errors" -eq 0 ] || failed=1
if [ "$failed" -ne 0 ]; then
  for report in "$OUT"/operator.log "$OUT"/customer.log; do sed -n '/FAILURES/,$p' "$report"; done
fi
exit "$failed"
