#!/usr/bin/env bash
# heaplens flight-recording benchmark.
#
# Generates a multi-chunk JDK Flight Recorder file of a service-like workload (cached), then
# measures with /usr/bin/time -v, on that same file: `./heaplens analyze <rec.jfr> --json <out>`
# (default rules, then `--jmc-rules all`), the JDK's `jfr view allocation-by-site`, and JDK
# Mission Control's headless rules report (JfrRulesReport). See benchmarks/README.md.
#
# Usage: benchmarks/recording.sh [--size 250] [--regenerate] [--skip-jmc]
#
#   --size N        recording size in MiB, at least N (default 250)
#   --regenerate    record a new file even if one of that size is cached
#   --skip-jmc      do not run JMC's rules report (the slowest and largest peer)
#
# Environment:
#   HEAPLENS_BENCH_RECORDINGS  recording cache directory (default: benchmarks/target/recordings)
#   HEAPLENS_OPTS              extra JVM options, honoured by ./heaplens itself
#   GEN_JAVA_OPTS              JVM options for the recording generator (default: -Xmx1g)
#   JMC_JAVA_OPTS              extra JVM options for JMC's rules report (default: none)
#   JMC_VERSION                version of JMC's core libraries on Maven Central (default: 9.1.1)
#   JFR_VIEW_JAVA_HOME         JDK 21+ whose `jfr` runs `jfr view` (default: the first JDK 21+
#                              found in JAVA_HOME, on PATH, then under /usr/lib/jvm)

set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
TARGET_DIR=$SCRIPT_DIR/target
RECORDING_DIR=${HEAPLENS_BENCH_RECORDINGS:-$TARGET_DIR/recordings}
RESULTS_DIR=$TARGET_DIR/results
CLASSES_DIR=$TARGET_DIR/classes/recording
JMC_DIR=$TARGET_DIR/jmc
JMC_VERSION=${JMC_VERSION:-9.1.1}
JMC_REPORT_CLASS=org.openjdk.jmc.flightrecorder.rules.report.JfrRulesReport
# The goal for `heaplens analyze` with its default rules on a recording of 200 MiB or more
# (the issue's reference recording was 248 MB); smaller recordings are not judged.
TARGET_MIN_SIZE=200
TARGET_WALL_S=10
TARGET_RSS_MIB=1536

SIZE=250
REGENERATE=0
SKIP_JMC=0

usage() {
  sed -n '2,/^[^#]/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=${2:?--size needs a value}; shift 2 ;;
    --size=*) SIZE=${1#*=}; shift ;;
    --regenerate) REGENERATE=1; shift ;;
    --skip-jmc) SKIP_JMC=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "recording.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

[[ "$SIZE" =~ ^[0-9]+$ ]] && [ "$SIZE" -ge 16 ] || { echo "recording.sh: bad size '$SIZE' (MiB, >= 16)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "recording.sh: /usr/bin/time is required (Debian package 'time')" >&2; exit 1; }
command -v java >/dev/null && command -v javac >/dev/null || { echo "recording.sh: java and javac (JDK 17+) are required" >&2; exit 1; }

mkdir -p "$RECORDING_DIR" "$RESULTS_DIR" "$CLASSES_DIR"
RECORDING_DIR=$(cd "$RECORDING_DIR" && pwd)
RECORDING=$RECORDING_DIR/rec-${SIZE}.jfr
NAME=rec-${SIZE}

# shellcheck source=common.sh
source "$SCRIPT_DIR/common.sh"

# ---- helpers -----------------------------------------------------------------------------------

# "yes"/"no" for whether a file parses as JSON, "?" when neither jq nor python3 is available.
json_valid() {
  if command -v jq >/dev/null 2>&1; then
    jq empty "$1" >/dev/null 2>&1 && echo yes || echo no
  elif command -v python3 >/dev/null 2>&1; then
    python3 -m json.tool "$1" >/dev/null 2>&1 && echo yes || echo no
  else
    echo "?"
  fi
}

# Drops terminal colour codes (Maven's quiet output leaves some even with colours off).
strip_colours() { sed 's/\x1b\[[0-9;]*m//g'; }

# The line of a log that best explains a failure: the first mentioning an error or exception,
# else the first non-empty one.
first_error_line() {
  local line
  line=$(strip_colours < "$1" | grep -m 1 -iE 'error|exception|fail|unknown|unsupported|not supported')
  [ -n "$line" ] || line=$(strip_colours < "$1" | grep -m 1 -v '^[[:space:]]*$')
  printf '%s' "$line" | cut -c1-160
}

# Results of the measured runs, in the order they ran, for the final table.
ROW_TOOLS=(); ROW_WALL=(); ROW_RSS=(); ROW_STATUS=(); ROW_JSON=()

# Runs a command under /usr/bin/time -v from the repository root, stdout and stderr to separate
# logs, and appends a table row. Args: tool-label tag json-output-or-empty command...
measure() {
  local label=$1 tag=$2 json=$3 rc wall rss status json_ok=-
  shift 3
  local tfile=$RESULTS_DIR/$tag.time out=$RESULTS_DIR/$tag.out err=$RESULTS_DIR/$tag.err
  [ -n "$json" ] && rm -f "$json"
  echo
  log "$label"
  echo "   \$ $*"
  (cd "$ROOT" && /usr/bin/time -v -o "$tfile" "$@") > "$out" 2> "$err"
  rc=$?
  wall=$(wall_seconds "$tfile"); rss=$(rss_mib "$tfile")
  if [ $rc -eq 0 ]; then
    status=ok
    echo "   ${wall} s wall, ${rss} MiB peak RSS"
  else
    status="failed (exit $rc): $(first_error_line "$err")"
    fail "$label exited with $rc (logs: $out, $err)"
    echo "   $status"
  fi
  if [ -n "$json" ] && [ -s "$json" ]; then
    json_ok=$(json_valid "$json")
    echo "   JSON output valid: $json_ok ($json)"
  fi
  if grep -q '^heaplens: building' "$err"; then
    NOTES+=("$label includes a rebuild of heaplens by the launcher (sources changed during the benchmark)")
  fi
  ROW_TOOLS+=("$label"); ROW_WALL+=("$wall"); ROW_RSS+=("$rss"); ROW_STATUS+=("$status"); ROW_JSON+=("$json_ok")
  return $rc
}

# Prints the path of a `jfr` launcher that has the `view` command (JDK 21+), or nothing.
find_jfr_with_view() {
  local candidates=() jfr
  [ -n "${JFR_VIEW_JAVA_HOME:-}" ] && candidates+=("$JFR_VIEW_JAVA_HOME/bin/jfr")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/jfr")
  command -v jfr >/dev/null 2>&1 && candidates+=("$(command -v jfr)")
  for jfr in /usr/lib/jvm/*/bin/jfr; do candidates+=("$jfr"); done
  for jfr in "${candidates[@]}"; do
    # JDK 17's jfr answers `help view` with "unknown command 'view'" and exit status 1.
    if [ -x "$jfr" ] && "$jfr" help view >/dev/null 2>&1; then
      echo "$jfr"
      return
    fi
  done
}

# "OpenJDK 25.0.3" style description of the JDK a tool launcher belongs to.
jdk_of() {
  local java
  java=$(dirname "$(readlink -f "$1")")/java
  "$java" -version 2>&1 | head -n 1 | sed 's/^[^ ]* version "\([^"]*\)".*/\1/'
}

# Resolves JMC's core libraries and their dependencies from Maven Central into $JMC_DIR/lib.
resolve_jmc() {
  local lib=$JMC_DIR/lib-$JMC_VERSION
  if [ -n "$(ls "$lib"/flightrecorder.rules.jdk-*.jar 2>/dev/null)" ]; then
    JMC_CLASSPATH=$(printf '%s:' "$lib"/*.jar)
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || { fail "Maven (mvn) is needed to download JMC's libraries"; return 1; }
  mkdir -p "$JMC_DIR"
  # A throwaway project whose only purpose is to let copy-dependencies resolve the transitive set.
  cat > "$JMC_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>benchmark</groupId>
  <artifactId>jmc-rules-report</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.openjdk.jmc</groupId><artifactId>common</artifactId><version>$JMC_VERSION</version></dependency>
    <dependency><groupId>org.openjdk.jmc</groupId><artifactId>flightrecorder</artifactId><version>$JMC_VERSION</version></dependency>
    <dependency><groupId>org.openjdk.jmc</groupId><artifactId>flightrecorder.rules</artifactId><version>$JMC_VERSION</version></dependency>
    <dependency><groupId>org.openjdk.jmc</groupId><artifactId>flightrecorder.rules.jdk</artifactId><version>$JMC_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  if ! mvn -q -B -Dstyle.color=never -f "$JMC_DIR/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DoutputDirectory="$lib.partial" > "$RESULTS_DIR/jmc-resolve.log" 2>&1; then
    fail "resolving JMC $JMC_VERSION from Maven Central (log: $RESULTS_DIR/jmc-resolve.log)"
    tail -n 20 "$RESULTS_DIR/jmc-resolve.log" | sed 's/^/   | /' >&2
    rm -rf "$lib.partial"
    return 1
  fi
  rm -rf "$lib" && mv "$lib.partial" "$lib"
  JMC_CLASSPATH=$(printf '%s:' "$lib"/*.jar)
}

# ---- step 1: the recording ---------------------------------------------------------------------

log "compiling RecordingGenerator into ${CLASSES_DIR#"$ROOT"/}"
if ! javac -nowarn -d "$CLASSES_DIR" "$SCRIPT_DIR/RecordingGenerator.java"; then
  echo "recording.sh: failed to compile RecordingGenerator.java" >&2
  exit 1
fi

if [ -s "$RECORDING" ] && [ -s "$RECORDING.meta" ] && [ "$REGENERATE" = 0 ]; then
  log "reusing cached recording $RECORDING"
else
  rm -f "$RECORDING" "$RECORDING.meta"
  glog=$RESULTS_DIR/generate-$NAME.log
  log "recording >= ${SIZE} MiB -> $RECORDING (progress every 10 s)"
  # The generator's progress goes to stderr (shown), its key=value summary to the log.
  # shellcheck disable=SC2086 # options are meant to split into words
  if ! /usr/bin/time -v -o "$RESULTS_DIR/generate-$NAME.time" \
      java ${GEN_JAVA_OPTS:--Xmx1g} -cp "$CLASSES_DIR" RecordingGenerator "$SIZE" "$RECORDING" > "$glog"; then
    cat "$glog" >&2
    echo "recording.sh: recording generation failed" >&2
    exit 1
  fi
  sed 's/^/   /' "$glog"
  echo "   generator: $(wall_seconds "$RESULTS_DIR/generate-$NAME.time") s wall, $(rss_mib "$RESULTS_DIR/generate-$NAME.time") MiB peak RSS"
fi

BYTES=$(stat -c %s "$RECORDING")
# `jfr summary` (any JDK) lists every event type with its count; constant pools (jdk.CheckPoint)
# and metadata (jdk.Metadata) appear there too but are not events.
jfr summary "$RECORDING" > "$RESULTS_DIR/$NAME.summary" 2>&1 || fail "jfr summary $RECORDING"
CHUNKS=$(sed -n 's/^[[:space:]]*Chunks: *//p' "$RESULTS_DIR/$NAME.summary")
EVENTS=$(awk '/^=+$/ { table = 1; next }
              table && NF >= 3 && $1 != "jdk.CheckPoint" && $1 != "jdk.Metadata" { n += $2 }
              END { print n + 0 }' "$RESULTS_DIR/$NAME.summary")
echo "   file: $(mib "$BYTES") MiB ($BYTES bytes), ${CHUNKS:-?} chunks, $EVENTS events"
[ "$BYTES" -ge $((SIZE * 1048576)) ] || fail "recording is smaller than ${SIZE} MiB"
[ "${CHUNKS:-0}" -gt 1 ] || fail "recording has ${CHUNKS:-?} chunk(s); the benchmark needs many"

# Untimed: every tool below then reads the file from the page cache.
cat "$RECORDING" > /dev/null

# ---- step 2: heaplens --------------------------------------------------------------------------

echo
log "checking ./heaplens (builds it if needed)"
if (cd "$ROOT" && ./heaplens --version) > "$RESULTS_DIR/heaplens-version.log" 2>&1; then
  echo "   $(tail -n 1 "$RESULTS_DIR/heaplens-version.log" | strip_colours)"
else
  fail "./heaplens --version failed (log: $RESULTS_DIR/heaplens-version.log)"
  tail -n 20 "$RESULTS_DIR/heaplens-version.log" | sed 's/^/   | /' >&2
fi

measure "heaplens analyze" "heaplens-$NAME" "$RESULTS_DIR/heaplens-$NAME.json" \
  ./heaplens analyze "$RECORDING" --json "$RESULTS_DIR/heaplens-$NAME.json"
measure "heaplens analyze --jmc-rules all" "heaplens-jmc-all-$NAME" "$RESULTS_DIR/heaplens-jmc-all-$NAME.json" \
  ./heaplens analyze "$RECORDING" --jmc-rules all --json "$RESULTS_DIR/heaplens-jmc-all-$NAME.json"

# ---- step 3: jfr view allocation-by-site -------------------------------------------------------

JFR_VIEW=$(find_jfr_with_view)
if [ -z "$JFR_VIEW" ]; then
  fail "no JDK 21+ found whose jfr has the 'view' command (set JFR_VIEW_JAVA_HOME)"
  ROW_TOOLS+=("jfr view allocation-by-site"); ROW_WALL+=(-); ROW_RSS+=(-); ROW_STATUS+=("no JDK 21+"); ROW_JSON+=(-)
else
  JFR_VIEW_JDK=$(jdk_of "$JFR_VIEW")
  measure "jfr view allocation-by-site (JDK $JFR_VIEW_JDK)" "jfr-view-$NAME" "" \
    "$JFR_VIEW" view allocation-by-site "$RECORDING"
fi

# ---- step 4: JMC's rules report ----------------------------------------------------------------

JMC_RULES=-
if [ "$SKIP_JMC" = 1 ]; then
  NOTES+=("JMC's rules report skipped (--skip-jmc)")
elif resolve_jmc; then
  # JfrRulesReport prints the report on stdout, so its stdout log is the JSON output.
  jmc_json=$RESULTS_DIR/jmc-rules-$NAME.out
  # shellcheck disable=SC2086 # options are meant to split into words
  measure "JMC $JMC_VERSION JfrRulesReport -format json" "jmc-rules-$NAME" "$jmc_json" \
    java ${JMC_JAVA_OPTS:-} -cp "$JMC_CLASSPATH" "$JMC_REPORT_CLASS" -format json "$RECORDING"
  if [ -s "$jmc_json" ]; then
    JMC_RULES=$(grep -c '^[[:space:]]*"id":' "$jmc_json")
    echo "   $JMC_RULES rule results"
    if [ "${ROW_JSON[${#ROW_JSON[@]} - 1]}" = no ]; then
      NOTES+=("JMC's JSON report does not parse as JSON, e.g. line $(grep -n -m 1 -E '": *,' "$jmc_json" | tr -s ' ' | cut -c1-80)")
    fi
  fi
else
  ROW_TOOLS+=("JMC $JMC_VERSION JfrRulesReport"); ROW_WALL+=(-); ROW_RSS+=(-); ROW_STATUS+=("not resolved"); ROW_JSON+=(-)
fi

# ---- step 5: summary ---------------------------------------------------------------------------

{
  echo
  echo "heaplens recording benchmark  ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo))"
  echo "java: $(java -version 2>&1 | head -n 1)   HEAPLENS_OPTS='${HEAPLENS_OPTS:-}'   JMC_JAVA_OPTS='${JMC_JAVA_OPTS:-}'"
  echo "recording: $RECORDING"
  echo "  $(mib "$BYTES") MiB ($BYTES bytes), ${CHUNKS:-?} chunks, $EVENTS events (jfr summary, without constant pools and metadata)"
  [ -s "$RECORDING.meta" ] && echo "  generated in $(meta_get "$RECORDING.meta" generate_seconds) s: $(meta_get "$RECORDING.meta" requests) requests, seed $(meta_get "$RECORDING.meta" seed)"
  echo
  fmt='%-44s %9s %9s %-6s %s\n'
  # shellcheck disable=SC2059
  printf "$fmt" tool "wall s" "RSS MiB" JSON status
  # shellcheck disable=SC2059
  printf "$fmt" -------------------------------------------- --------- --------- ------ ------
  for i in "${!ROW_TOOLS[@]}"; do
    # shellcheck disable=SC2059
    printf "$fmt" "${ROW_TOOLS[$i]}" "${ROW_WALL[$i]}" "${ROW_RSS[$i]}" "${ROW_JSON[$i]}" "${ROW_STATUS[$i]}"
  done
  if [ "${ROW_STATUS[0]}" = ok ] && [ "$SIZE" -ge "$TARGET_MIN_SIZE" ]; then
    verdict=$(awk -v w="${ROW_WALL[0]}" -v r="${ROW_RSS[0]}" -v tw="$TARGET_WALL_S" -v tr="$TARGET_RSS_MIB" \
      'BEGIN { print (w < tw && r < tr) ? "met" : "missed" }')
    echo "target for heaplens analyze (default rules): under $TARGET_WALL_S s and $TARGET_RSS_MIB MiB peak RSS: $verdict"
  fi
  [ "$JMC_RULES" != - ] && echo "JMC rule results in its report: $JMC_RULES (rules that do not apply are left out)"
  for n in ${NOTES[@]+"${NOTES[@]}"}; do echo "note: $n"; done
} | tee "$RESULTS_DIR/$NAME.table"
echo
echo "logs, JSON, jfr summary and /usr/bin/time reports: $RESULTS_DIR (table: $NAME.table)"

if [ "$FAILURES" -gt 0 ]; then
  echo "recording.sh: $FAILURES step(s) failed" >&2
  exit 1
fi
