#!/usr/bin/env bash
# Web UI check for encrypted payloads (docs/security.md): a private Temporal dev server (127.0.0.1:7250, Web UI
# 8250) started with --ui-codec-endpoint, a codec server for it (8259), then a headless Chromium screenshot of a
# workflow whose input the Web UI shows decoded. Needs Debian's chromium (`apt-get install -y chromium`).
#   bash scripts/screenshot-ui.sh [out.png]     (default docs/images/web-ui-decoded-input.png)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"
PORT="${UI_CHECK_TEMPORAL_PORT:-7250}"
UI_PORT="${UI_CHECK_UI_PORT:-8250}"
CHECK_CODEC_PORT="${UI_CHECK_CODEC_PORT:-8259}"
OUT="${1:-docs/images/web-ui-decoded-input.png}"
mkdir -p "$(dirname "$OUT")" "$DATA_DIR/logs"

temporal server start-dev --ip 127.0.0.1 --port "$PORT" --ui-port "$UI_PORT" \
  --ui-codec-endpoint "http://127.0.0.1:$CHECK_CODEC_PORT" \
  --search-attribute CustomerId=Keyword --search-attribute GenerationStep=Keyword \
  --log-level warn >"$DATA_DIR/logs/ui-check-temporal.log" 2>&1 &
TEMPORAL_PID=$!
CODEC_PORT="$CHECK_CODEC_PORT" CODEC_CORS_ORIGINS="http://127.0.0.1:$UI_PORT" \
  tsx src/codec/server.ts >"$DATA_DIR/logs/ui-check-codec.log" 2>&1 &
CODEC_PID=$!
stop_all() { kill -TERM "$CODEC_PID" "$TEMPORAL_PID" 2>/dev/null; wait "$CODEC_PID" "$TEMPORAL_PID" 2>/dev/null || true; }
trap stop_all EXIT

wait_for "private Temporal dev server" 90 temporal operator cluster health --address "127.0.0.1:$PORT"
wait_for "Web UI" 60 curl -fsS "http://127.0.0.1:$UI_PORT/"
wait_for "codec server" 60 curl -fsS -X OPTIONS "http://127.0.0.1:$CHECK_CODEC_PORT/decode"
TEMPORAL_ADDRESS="127.0.0.1:$PORT" tsx scripts/screenshot-ui.ts "http://127.0.0.1:$UI_PORT" "$OUT"
