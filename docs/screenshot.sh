#!/usr/bin/env bash
# Remakes docs/report-screenshot.png, the README's picture of the report, from a real run of
# `heaplens demo` in headless Chromium 1,400 px wide, so that the picture is of this version.
#   docs/screenshot.sh            (needs chromium: apt-get install -y chromium)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
browser="${CHROMIUM:-chromium}"
command -v "$browser" >/dev/null || { echo "screenshot.sh: $browser not found (apt-get install -y chromium)" >&2; exit 2; }

run="$(mktemp -d)"
trap 'rm -rf "$run"' EXIT
"$root/heaplens" demo --out "$run/demo" >/dev/null
"$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$run/profile" \
  --window-size=1400,1500 --screenshot="$root/docs/report-screenshot.png" "file://$run/demo/report.html" 2>/dev/null
echo "docs/report-screenshot.png: the demo report, 1400x1500"
