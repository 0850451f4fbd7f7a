#!/bin/sh
# heaplens inside its container image. The JVM takes its heap as a share of the container's memory
# limit (the JVM reads the cgroup limit), and the share depends on the command:
#   scan, serve: 10%. They run every analysis in a child JVM with its own heap (--analysis-heap,
#                by default a share of the container's memory), so the parent only lists keys,
#                copies objects and writes the index; the rest of the limit is for the child.
#   analyze, demo and the rest: 70%. The analysis runs in this very JVM.
# HEAPLENS_OPTS (and JAVA_OPTS) replace that default, e.g. HEAPLENS_OPTS=-XX:MaxRAMPercentage=50.
# The serial collector keeps the footprint close to the live set (see the repository's launcher).
set -eu

case "${1:-}" in
  scan | serve) default_opts="-XX:MaxRAMPercentage=10" ;;
  *) default_opts="-XX:MaxRAMPercentage=70" ;;
esac
user_opts="${JAVA_OPTS:-} ${HEAPLENS_OPTS:-}"
case "$user_opts" in *[![:space:]]*) default_opts="" ;; esac
gc_opts="-XX:+UseSerialGC -Xmn32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
case "$user_opts" in *-XX:+Use*GC*) gc_opts="" ;; esac

# shellcheck disable=SC2086 # options are meant to split into words
exec java $gc_opts $default_opts $user_opts -jar /opt/heaplens/heaplens.jar "$@"
