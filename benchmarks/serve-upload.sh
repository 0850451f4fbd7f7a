#!/usr/bin/env bash
# heaplens upload-server memory benchmark.
#
# Generates a file of several GB that passes the server's content check (an HPROF header, then
# zeros), starts `./heaplens serve` with a 256 MB Java heap, uploads the file with curl, and
# prints the upload throughput and the server process's peak resident memory (VmHWM from
# /proc/<pid>/status), with the SHA-256 the server computed checked against sha256sum's.
#
# Usage: benchmarks/serve-upload.sh [--size-gb 4] [--port 18089] [--keep]
#
#   --size-gb N   size of the generated upload in GiB (default 4)
#   --port N      port for the server (default 18089)
#   --keep        keep the generated file and the server's data folder (default: delete them)

set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
WORK=$SCRIPT_DIR/target/serve-upload
SIZE_GB=4
PORT=18089
KEEP=0

usage() {
  sed -n '2,/^[^#]/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --size-gb) SIZE_GB=${2:?--size-gb needs a value}; shift 2 ;;
    --port) PORT=${2:?--port needs a value}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "serve-upload.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$SIZE_GB" =~ ^[0-9]+$ ]] && [ "$SIZE_GB" -ge 1 ] || { echo "serve-upload.sh: bad size '$SIZE_GB'" >&2; exit 2; }
command -v curl >/dev/null || { echo "serve-upload.sh: curl is needed" >&2; exit 2; }

mkdir -p "$WORK"
DUMP=$WORK/generated-${SIZE_GB}g.hprof
DATA=$WORK/data
LOG=$WORK/server.log
rm -rf "$DATA"

echo "== generating $DUMP ($SIZE_GB GiB)"
# An HPROF 1.0.2 header with 8-byte identifiers and a zero timestamp is all the content check
# reads; the rest is zeros (the upload path neither knows nor cares what follows).
{
  printf 'JAVA PROFILE 1.0.2\0\0\0\0\010\0\0\0\0\0\0\0\0'
  head -c $((SIZE_GB * 1024 * 1024 * 1024 - 31)) /dev/zero
} > "$DUMP"
BYTES=$(stat -c %s "$DUMP")
EXPECTED_SHA=$(sha256sum "$DUMP" | cut -d' ' -f1)

echo "== starting heaplens serve with -Xmx256m"
(cd "$ROOT" && ./heaplens --version >/dev/null) || { echo "serve-upload.sh: ./heaplens does not build" >&2; exit 3; }
HEAPLENS_OPTS="-Xmx256m" "$ROOT/heaplens" serve --port "$PORT" --data "$DATA" --workers 1 \
  --analysis-heap 256m --max-upload $((SIZE_GB + 1))g > "$LOG" 2>&1 &
SERVER=$!
stop_server() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
trap stop_server EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$LOG" && break
  sleep 0.2
done
grep -q "listening on" "$LOG" || { echo "serve-upload.sh: the server did not start:" >&2; cat "$LOG" >&2; exit 3; }

echo "== uploading with curl"
RESPONSE=$WORK/response.json
CURL_FIGURES=$(curl -sS -o "$RESPONSE" -w '%{http_code} %{size_upload} %{time_total}' \
  -F "file=@$DUMP;filename=generated.hprof" "http://127.0.0.1:$PORT/api/analyses")
read -r STATUS UPLOADED UPLOAD_SECONDS <<< "$CURL_FIGURES"
PEAK_KB=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER/status")
SERVER_SHA=$(sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p' "$RESPONSE")

echo "== results"
echo "HTTP status:        $STATUS"
echo "file:               $BYTES bytes ($SIZE_GB GiB)"
awk -v b="$UPLOADED" -v s="$UPLOAD_SECONDS" 'BEGIN { printf "upload:             %.1f s, %.0f MiB/s\n", s, b / 1048576 / s }'
awk -v k="$PEAK_KB" 'BEGIN { printf "server peak RSS:    %.0f MiB (VmHWM, whole process, -Xmx256m)\n", k / 1024 }'
if [ "$SERVER_SHA" = "$EXPECTED_SHA" ]; then
  echo "SHA-256:            matches sha256sum ($EXPECTED_SHA)"
else
  echo "SHA-256:            MISMATCH: server $SERVER_SHA, sha256sum $EXPECTED_SHA"
fi
STORED=$(find "$DATA/analyses" -name heap-dump.hprof -printf '%s\n' 2>/dev/null | head -n 1)
echo "stored:             ${STORED:-nothing} bytes"

stop_server
trap - EXIT
if [ "$KEEP" = 0 ]; then
  rm -rf "$DATA" "$DUMP"
fi
[ "$STATUS" = 202 ] && [ "$SERVER_SHA" = "$EXPECTED_SHA" ] && [ "$STORED" = "$BYTES" ]
