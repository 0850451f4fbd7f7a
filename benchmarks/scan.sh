#!/usr/bin/env bash
# Measures `heaplens scan` of a folder of N small dumps with --parallel 1 and --parallel 2: wall time,
# the scan process's own peak RSS, and the peak RSS of the whole process tree (the scan and its
# child analyses, sampled every 0.2 s from /proc).
#   benchmarks/scan.sh [--dumps N] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/common.sh

dumps=8
work="${TMPDIR:-/tmp}/heaplens-scan-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --dumps) dumps="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: benchmarks/scan.sh [--dumps N] [--work DIR]" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "benchmarks/scan.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

./heaplens --version >/dev/null
mkdir -p "$work"
if [ ! -f "$work/sample/heap.hprof" ]; then
  log "capturing a sample dump (heaplens demo)"
  ./heaplens demo --out "$work/sample" >/dev/null
fi
rm -rf "$work/dumps" && mkdir -p "$work/dumps"
for i in $(seq 1 "$dumps"); do cp "$work/sample/heap.hprof" "$work/dumps/service-$i.hprof"; done
dump_mib=$(mib "$(stat -c %s "$work/sample/heap.hprof")")

# Peak of the summed RSS (KiB) of a process and all its descendants, until it exits.
tree_peak_kib() {
  local root=$1 peak=0 total pids
  while kill -0 "$root" 2>/dev/null; do
    pids="$root $(pgrep -d ' ' -P "$root" || true)"
    for child in $(pgrep -P "$root" || true); do pids="$pids $(pgrep -d ' ' -P "$child" || true)"; done
    total=0
    for pid in $pids; do
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
      total=$((total + ${rss:-0}))
    done
    [ "$total" -gt "$peak" ] && peak=$total
    sleep 0.2
  done
  echo "$peak"
}

printf '%-10s %6s %9s %8s %16s %16s\n' parallel dumps "dump MiB" "wall s" "scan RSS MiB" "tree RSS MiB"
for parallel in 1 2; do
  out="$work/out-$parallel"
  rm -rf "$out"
  /usr/bin/time -v -o "$work/time-$parallel.txt" ./heaplens scan "$work/dumps" --out "$out" \
    --parallel "$parallel" --analysis-heap 512m >"$work/scan-$parallel.out" 2>"$work/scan-$parallel.err" &
  timer=$!
  sleep 0.5
  scan_pid=$(pgrep -P "$timer" | head -n 1 || true)
  peak_kib=$( [ -n "$scan_pid" ] && tree_peak_kib "$scan_pid" || echo 0)
  if ! wait "$timer"; then fail "scan --parallel $parallel (see $work/scan-$parallel.err)"; fi
  grep -q "^$dumps analyzed now, 0 failed now" "$work/scan-$parallel.out" || fail "scan --parallel $parallel did not analyze all $dumps dumps"
  printf '%-10s %6d %9s %8s %16s %16s\n' "$parallel" "$dumps" "$dump_mib" "$(wall_seconds "$work/time-$parallel.txt")" \
    "$(rss_mib "$work/time-$parallel.txt")" "$(awk -v k="$peak_kib" 'BEGIN { printf "%.0f", k / 1024 }')"
done
echo "(scan RSS: the largest single process of the run as time -v reports it; tree RSS: the scan and its child JVMs together)"
exit $((FAILURES > 0))
