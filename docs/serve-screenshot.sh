#!/usr/bin/env bash
# Takes docs/serve-screenshot.png: the upload page of a real `heaplens serve`, after a real sample's
# dump and recording (from `heaplens demo`) were uploaded and analyzed, shown by headless Chromium.
#
# Usage: docs/serve-screenshot.sh [--port 18090]
# Needs: curl, and Chromium (Debian: apt-get install -y chromium).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=18090
[ "${1:-}" = "--port" ] && PORT=${2:?--port needs a value}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "serve-screenshot.sh: Chromium is needed (apt-get install -y chromium)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "== capturing a sample's dump and recording (heaplens demo)"
"$ROOT/heaplens" demo --sample per-request-cache --out "$WORK/demo" > "$WORK/demo.log" 2>&1

echo "== starting heaplens serve"
"$ROOT/heaplens" serve --port "$PORT" --data "$WORK/data" --analysis-heap 512m > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$WORK/server.log" && break
  sleep 0.2
done

echo "== uploading and waiting for the analysis"
ID=$(curl -sS -F "file=@$WORK/demo/heap.hprof;filename=search-service-oom.hprof" \
  -F "recording=@$WORK/demo/recording.jfr;filename=search-service.jfr" \
  "http://127.0.0.1:$PORT/api/analyses" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
[ -n "$ID" ] || { echo "serve-screenshot.sh: the upload was refused" >&2; exit 3; }
for _ in $(seq 1 300); do
  STATUS=$(curl -sS "http://127.0.0.1:$PORT/api/analyses/$ID" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
  [ "$STATUS" = done ] || [ "$STATUS" = failed ] && break
  sleep 1
done
[ "$STATUS" = done ] || { echo "serve-screenshot.sh: the analysis ended $STATUS" >&2; exit 3; }

echo "== screenshot"
"$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,760 \
  --virtual-time-budget=5000 --user-data-dir="$WORK/profile" \
  --screenshot="$ROOT/docs/serve-screenshot.png" "http://127.0.0.1:$PORT/" > "$WORK/chromium.log" 2>&1
echo "wrote docs/serve-screenshot.png"
