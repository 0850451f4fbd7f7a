# Helpers shared by the benchmark scripts (sourced, not run): failure and note bookkeeping, and
# reading the figures of a `/usr/bin/time -v` report.

FAILURES=0
NOTES=()
fail() { echo "FAILED: $*" >&2; FAILURES=$((FAILURES + 1)); }
log() { echo "== $*"; }

# Seconds from "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33" in a `time -v` report.
wall_seconds() {
  sed -n 's/^[[:space:]]*Elapsed (wall clock) time[^:]*: *//p' "$1" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
# User plus system CPU seconds of a `time -v` report: on a shared machine, less noisy than wall time.
cpu_seconds() {
  awk -F': *' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"
}
# Peak RSS in MiB from "Maximum resident set size (kbytes): N".
rss_mib() {
  sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$1" | awk '{ printf "%.0f", $1 / 1024 }'
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
# The value of KEY in a KEY=value file (the cached inputs' .meta files), or empty.
meta_get() { sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n 1; }
