#!/usr/bin/env bash
# Makes docs/scan-index-screenshot.png from a real run: captures the per-request-cache sample and its
# healthy twin (dump and recording each), adds a gzip copy, a truncated dump and a text file, scans
# the folder, and screenshots the index page in headless Chromium (Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "docs/scan-index-screenshot.sh: needs chromium (apt-get install chromium)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/heaplens-scan-shot.XXXXXX")"
trap 'rm -rf "$work"' EXIT

./heaplens demo --out "$work/problem" >/dev/null
./heaplens demo --healthy --out "$work/healthy" >/dev/null
mkdir -p "$work/bucket/checkout" "$work/bucket/search"
cp "$work/problem/heap.hprof" "$work/bucket/search/search-7f9c.hprof"
cp "$work/problem/recording.jfr" "$work/bucket/search/search-7f9c.jfr"
gzip -c "$work/problem/heap.hprof" > "$work/bucket/search/search-2b41.hprof.gz"
cp "$work/healthy/heap.hprof" "$work/bucket/checkout/checkout-91aa.hprof"
head -c 2000000 "$work/problem/heap.hprof" > "$work/bucket/checkout/checkout-5d02.hprof"
echo "collected by the OOM hook" > "$work/bucket/README.txt"

root="$PWD"
# Scanned from inside the work folder, so that the page's title names the folder, not where it lives.
(cd "$work" && "$root/heaplens" scan bucket --out results --parallel 2 --analysis-heap 1g) || true
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking \
  --user-data-dir="$work/profile" --window-size=1400,1100 \
  --screenshot="$PWD/docs/scan-index-screenshot.png" "file://$work/results/index.html" 2>/dev/null
echo "written docs/scan-index-screenshot.png"
