#!/usr/bin/env bash
# heaplens heap-dump benchmark.
#
# Generates deterministic service-like HPROF dumps (cached), then for each dump measures
# `./heaplens analyze <dump> --json <out>` twice with /usr/bin/time -v: the first analysis, which
# keeps its index in benchmarks/target/index-cache (emptied before it), and the second one, which
# reads that kept index; and the ratio of their wall times. Also a plain
# sequential read of the file, and, on the smallest (~150 MiB) dump, VisualVM's heap library
# computing retained sizes as a peer. See benchmarks/README.md.
#
# Usage: benchmarks/heap.sh [--sizes 150,1000] [--skip-peer] [--peer-size N] [--regenerate]
#
# Environment:
#   HEAPLENS_BENCH_DUMPS  dump cache directory (default: benchmarks/target/dumps)
#   HEAPLENS_OPTS         extra JVM options, honoured by ./heaplens itself
#   PEER_JAVA_OPTS        extra JVM options for the VisualVM peer (default: none)
#   GEN_JAVA_OPTS         extra JVM options for the dump generator
#   VISUALVM_HEAP_JAR     path to org-graalvm-visualvm-lib-jfluid-heap.jar (default: searched
#                         under /usr/share/visualvm, from Debian's `visualvm` package)

set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
TARGET_DIR=$SCRIPT_DIR/target
DUMP_DIR=${HEAPLENS_BENCH_DUMPS:-$TARGET_DIR/dumps}
RESULTS_DIR=$TARGET_DIR/results
INDEX_DIR=$TARGET_DIR/index-cache
CLASSES_DIR=$TARGET_DIR/classes

SIZES=150,1000
SKIP_PEER=0
PEER_SIZE=
REGENERATE=0

usage() {
  sed -n '2,/^[^#]/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=${2:?--sizes needs a value}; shift 2 ;;
    --sizes=*) SIZES=${1#*=}; shift ;;
    --skip-peer) SKIP_PEER=1; shift ;;
    --peer-size) PEER_SIZE=${2:?--peer-size needs a value}; shift 2 ;;
    --peer-size=*) PEER_SIZE=${1#*=}; shift ;;
    --regenerate) REGENERATE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "heap.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

IFS=',' read -r -a SIZE_LIST <<< "$SIZES"
for s in "${SIZE_LIST[@]}"; do
  [[ "$s" =~ ^[0-9]+$ ]] && [ "$s" -ge 16 ] || { echo "heap.sh: bad size '$s' (MiB, >= 16)" >&2; exit 2; }
done
if [ -z "$PEER_SIZE" ]; then
  PEER_SIZE=${SIZE_LIST[0]}
  for s in "${SIZE_LIST[@]}"; do
    if [ "$s" = 150 ]; then PEER_SIZE=150; break; fi
    [ "$s" -lt "$PEER_SIZE" ] && PEER_SIZE=$s
  done
fi

[ -x /usr/bin/time ] || { echo "heap.sh: /usr/bin/time is required (Debian package 'time')" >&2; exit 1; }
command -v java >/dev/null && command -v javac >/dev/null || { echo "heap.sh: java and javac (JDK 17+) are required" >&2; exit 1; }

mkdir -p "$DUMP_DIR" "$RESULTS_DIR" "$CLASSES_DIR/gen"
DUMP_DIR=$(cd "$DUMP_DIR" && pwd)

# shellcheck source=common.sh
source "$SCRIPT_DIR/common.sh"

# ---- helpers -----------------------------------------------------------------------------------

now_ns() { date +%s%N; }

# Sum of counts.{instances,objectArrays,primitiveArrays,classes} from heaplens' JSON, or empty.
json_object_count() {
  local f=$1 out=
  [ -s "$f" ] || return 0
  if command -v jq >/dev/null 2>&1; then
    out=$(jq -r '.counts | select(. != null)
                 | [.instances, .objectArrays, .primitiveArrays, .classes]
                 | if all(. != null) then add else empty end' "$f" 2>/dev/null)
  else
    local block
    block=$(tr -d '\n\r' < "$f" | grep -o '"counts"[[:space:]]*:[[:space:]]*{[^}]*}' | head -n 1)
    if [ -n "$block" ]; then
      local sum=0 k v
      for k in instances objectArrays primitiveArrays classes; do
        v=$(printf '%s' "$block" | grep -o "\"$k\"[[:space:]]*:[[:space:]]*[0-9]*" | grep -o '[0-9]*$')
        [ -n "$v" ] || { sum=; break; }
        sum=$((sum + v))
      done
      out=$sum
    fi
  fi
  printf '%s' "$out"
}

# Page-cache residency of a file as a percentage, or "?" when fincore (util-linux) is missing.
cached_pct() {
  local f=$1 size res
  size=$(stat -c %s "$f")
  if command -v fincore >/dev/null 2>&1 && res=$(fincore --bytes --noheadings --output RES "$f" 2>/dev/null); then
    awk -v r="$res" -v s="$size" 'BEGIN { printf "%.0f%%", (s > 0 ? 100 * r / s : 0) }'
  else
    printf '?'
  fi
}

# Entries of a directory, one per line (for spotting files heaplens writes next to a dump).
dir_entries() { (cd "$1" && ls -A1) | sort; }

# ---- build helpers -----------------------------------------------------------------------------

log "compiling benchmark helpers into ${CLASSES_DIR#"$ROOT"/}"
if ! javac -nowarn -d "$CLASSES_DIR/gen" "$SCRIPT_DIR/HeapDumpGenerator.java"; then
  echo "heap.sh: failed to compile HeapDumpGenerator.java" >&2
  exit 1
fi

# ---- step 1: dumps -----------------------------------------------------------------------------

dump_path() { echo "$DUMP_DIR/heap-${1}mb.hprof"; }

generate_dump() {
  local size=$1 dump xmx glog
  dump=$(dump_path "$size")
  if [ -s "$dump" ] && [ -s "$dump.meta" ] && [ "$REGENERATE" = 0 ]; then
    log "reusing cached dump $dump"
    return 0
  fi
  rm -f "$dump" "$dump.meta" "$dump.partial.hprof"
  xmx=$((size * 2 + 256))
  glog=$RESULTS_DIR/generate-${size}mb.log
  log "generating ~${size} MiB dump -> $dump (java -Xmx${xmx}m)"
  # shellcheck disable=SC2086
  if ! /usr/bin/time -v -o "$RESULTS_DIR/generate-${size}mb.time" \
      java -Xmx${xmx}m ${GEN_JAVA_OPTS:-} -cp "$CLASSES_DIR/gen" HeapDumpGenerator "$size" "$dump" > "$glog" 2>&1; then
    cat "$glog" >&2
    return 1
  fi
  grep -E '^(file_bytes|histogram_objects|sessions|event_chain_lengths|build_seconds|dump_seconds|generate_seconds)=' "$glog" | sed 's/^/   /'
  echo "   generator peak RSS: $(rss_mib "$RESULTS_DIR/generate-${size}mb.time") MiB"
}

NEEDED_SIZES=("${SIZE_LIST[@]}")
if [ "$SKIP_PEER" = 0 ] && [[ ! ",$SIZES," == *",$PEER_SIZE,"* ]]; then NEEDED_SIZES+=("$PEER_SIZE"); fi
for size in "${NEEDED_SIZES[@]}"; do
  if ! generate_dump "$size"; then
    echo "heap.sh: dump generation failed for ${size} MiB" >&2
    exit 1
  fi
done

# ---- step 2: heaplens --------------------------------------------------------------------------

declare -A R_FILE R_OBJ R_OBJSRC R_CAT R_CACHED R_WALL1 R_RSS1 R_WALL2 R_RSS2 R_RATIO

# Runs `./heaplens analyze` under /usr/bin/time -v from the repository root.
# Args: dump json-out tag. Sets RUN_WALL and RUN_RSS ("FAIL" on failure).
run_heaplens() {
  local dump=$1 json=$2 tag=$3 tfile="$RESULTS_DIR/$3.time" lfile="$RESULTS_DIR/$3.log" rc
  rm -f "$json"
  (cd "$ROOT" && /usr/bin/time -v -o "$tfile" ./heaplens analyze "$dump" --json "$json" --index-dir "$INDEX_DIR") > "$lfile" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    RUN_WALL=FAIL; RUN_RSS=FAIL
    fail "./heaplens analyze $dump exited with $rc (log: $lfile)"
    tail -n 20 "$lfile" | sed 's/^/   | /' >&2
    return 1
  fi
  RUN_WALL=$(wall_seconds "$tfile"); RUN_RSS=$(rss_mib "$tfile"); RUN_CPU=$(cpu_seconds "$tfile")
  if grep -q '^heaplens: building' "$lfile"; then
    echo "   warning: the launcher rebuilt heaplens during $tag; that timing includes the build" >&2
    NOTES+=("$tag includes a rebuild of heaplens by the launcher (sources changed during the benchmark)")
  fi
}

HEAPLENS_OK=1
if [ ! -x "$ROOT/heaplens" ]; then
  HEAPLENS_OK=0
  fail "launcher $ROOT/heaplens not found or not executable"
else
  # Untimed: lets the launcher (re)build heaplens now rather than inside a timed run.
  echo
  log "checking ./heaplens (builds it if needed)"
  if (cd "$ROOT" && ./heaplens --version) > "$RESULTS_DIR/heaplens-version.log" 2>&1; then
    echo "   $(tail -n 1 "$RESULTS_DIR/heaplens-version.log")"
  else
    HEAPLENS_OK=0
    fail "./heaplens --version failed (log: $RESULTS_DIR/heaplens-version.log)"
    tail -n 20 "$RESULTS_DIR/heaplens-version.log" | sed 's/^/   | /' >&2
  fi
fi

for size in "${SIZE_LIST[@]}"; do
  dump=$(dump_path "$size")
  name=heap-${size}mb
  echo
  log "$name"
  bytes=$(stat -c %s "$dump")
  R_FILE[$size]=$(mib "$bytes")
  echo "   file size:          ${R_FILE[$size]} MiB ($bytes bytes)"

  R_CACHED[$size]=$(cached_pct "$dump")
  t0=$(now_ns); cat "$dump" > /dev/null; t1=$(now_ns)
  R_CAT[$size]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  echo "   sequential read:    ${R_CAT[$size]} s (cat > /dev/null; ${R_CACHED[$size]} of the file was in page cache before)"

  R_WALL1[$size]=-; R_RSS1[$size]=-; R_WALL2[$size]=-; R_RSS2[$size]=-; R_RATIO[$size]=-
  json=$RESULTS_DIR/$name.json
  rm -f "$json" "$RESULTS_DIR/$name.run2.json"
  if [ "$HEAPLENS_OK" = 1 ]; then
    # Remove whatever a previous benchmark run saw heaplens write next to this dump, so the
    # first run below starts without a cached index.
    created_list=$dump.bench-created
    if [ -s "$created_list" ]; then
      while IFS= read -r entry; do
        [ -n "$entry" ] && [ -e "$DUMP_DIR/$entry" ] && rm -rf -- "${DUMP_DIR:?}/$entry"
      done < "$created_list"
    fi
    before=$(dir_entries "$DUMP_DIR")
    rm -rf "${INDEX_DIR:?}"   # the first run starts without a kept index
    if run_heaplens "$dump" "$json" "$name.run1"; then
      R_WALL1[$size]=$RUN_WALL; R_RSS1[$size]=$RUN_RSS
      echo "   heaplens analyze:   ${RUN_WALL} s wall, ${RUN_CPU} s CPU, ${RUN_RSS} MiB peak RSS (first run, keeps its index)"
      echo "   kept index:         $(mib "$(du -sb "$INDEX_DIR" | cut -f1)") MiB in ${INDEX_DIR#"$ROOT"/}"
      created=$(comm -13 <(printf '%s\n' "$before") <(dir_entries "$DUMP_DIR") | grep -v -e '\.hwcache$' -e '\.bench-created$' || true)
      if [ -n "$created" ]; then
        printf '%s\n' "$created" > "$created_list"
        echo "   heaplens wrote next to the dump: $(printf '%s' "$created" | tr '\n' ' ')"
      fi
      if run_heaplens "$dump" "$RESULTS_DIR/$name.run2.json" "$name.run2"; then
        R_WALL2[$size]=$RUN_WALL; R_RSS2[$size]=$RUN_RSS
        R_RATIO[$size]=$(awk -v a="${R_WALL1[$size]}" -v b="$RUN_WALL" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
        echo "   heaplens re-run:    ${RUN_WALL} s wall, ${RUN_CPU} s CPU, ${RUN_RSS} MiB peak RSS (second run, from the kept index; ${R_RATIO[$size]} faster)"
      fi
    else
      R_WALL1[$size]=FAIL
    fi
  fi

  count=$(json_object_count "$json")
  if [ -n "$count" ]; then
    R_OBJ[$size]=$count; R_OBJSRC[$size]=heaplens
  else
    R_OBJ[$size]=$(meta_get "$dump.meta" histogram_objects); R_OBJSRC[$size]=generator
    [ -n "${R_OBJ[$size]}" ] || R_OBJ[$size]=?
  fi
  echo "   objects:            ${R_OBJ[$size]} (${R_OBJSRC[$size]})"
done

# ---- step 3: VisualVM peer ---------------------------------------------------------------------

PEER_STATUS=skipped
PEER_WALL=-; PEER_RSS=-; PEER_NOTE=
if [ "$SKIP_PEER" = 1 ]; then
  PEER_NOTE="--skip-peer"
else
  find_vvm_jar() {
    if [ -n "${VISUALVM_HEAP_JAR:-}" ]; then echo "$VISUALVM_HEAP_JAR"; return; fi
    find /usr/share/visualvm -name org-graalvm-visualvm-lib-jfluid-heap.jar 2>/dev/null | head -n 1
  }
  VVM_JAR=$(find_vvm_jar)
  if [ -z "$VVM_JAR" ] || [ ! -f "$VVM_JAR" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo
      log "installing Debian package visualvm (VisualVM heap library for the peer run)"
      if ! DEBIAN_FRONTEND=noninteractive apt-get install -y visualvm > "$RESULTS_DIR/apt-visualvm.log" 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update > /dev/null 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y visualvm >> "$RESULTS_DIR/apt-visualvm.log" 2>&1 ||
          fail "apt-get install visualvm failed (log: $RESULTS_DIR/apt-visualvm.log)"
      fi
      VVM_JAR=$(find_vvm_jar)
      if [ -z "$VVM_JAR" ] || [ ! -f "$VVM_JAR" ]; then
        PEER_STATUS=FAIL
        fail "VisualVM heap library jar not found after installing visualvm (${VISUALVM_HEAP_JAR:-searched /usr/share/visualvm})"
      fi
    else
      PEER_NOTE="VisualVM heap library not found; run as root to auto-install, or: sudo apt-get install visualvm"
      echo
      log "skipping VisualVM peer: $PEER_NOTE"
    fi
  fi

  if [ -n "$VVM_JAR" ] && [ -f "$VVM_JAR" ]; then
    mkdir -p "$CLASSES_DIR/peer"
    if ! javac -nowarn -cp "$VVM_JAR" -d "$CLASSES_DIR/peer" "$SCRIPT_DIR/VisualVmRetained.java"; then
      fail "compiling VisualVmRetained.java against $VVM_JAR"
      PEER_STATUS=FAIL
    else
      dump=$(dump_path "$PEER_SIZE")
      echo
      log "VisualVM peer on heap-${PEER_SIZE}mb ($VVM_JAR)"
      rm -rf "$dump.hwcache"   # the library caches its index there; measure a cold open
      tfile=$RESULTS_DIR/visualvm-${PEER_SIZE}mb.time
      lfile=$RESULTS_DIR/visualvm-${PEER_SIZE}mb.log
      # shellcheck disable=SC2086
      /usr/bin/time -v -o "$tfile" java ${PEER_JAVA_OPTS:-} -cp "$VVM_JAR:$CLASSES_DIR/peer" \
          VisualVmRetained "$dump" 10 > "$lfile" 2>&1
      rc=$?
      rm -rf "$dump.hwcache"
      if [ $rc -ne 0 ]; then
        PEER_STATUS=FAIL
        fail "VisualVM peer exited with $rc (log: $lfile)"
        tail -n 20 "$lfile" | sed 's/^/   | /' >&2
      else
        PEER_STATUS=ok
        PEER_WALL=$(wall_seconds "$tfile"); PEER_RSS=$(rss_mib "$tfile")
        sed 's/^/   /' "$lfile"
        echo "   VisualVM peer:      ${PEER_WALL} s wall, ${PEER_RSS} MiB peak RSS"
        PEER_NOTE="open $(meta_get "$lfile" open_seconds) s + retained sizes $(meta_get "$lfile" retained_seconds) s"
      fi
    fi
  fi
fi

# ---- step 4: summary ---------------------------------------------------------------------------

echo
echo "heaplens heap benchmark  ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo))"
echo "java: $(java -version 2>&1 | head -n 1)   HEAPLENS_OPTS='${HEAPLENS_OPTS:-}'   dumps: $DUMP_DIR"
echo
fmt='%-14s %10s %12s %-9s %8s %6s %11s %9s %11s %9s %6s\n'
# shellcheck disable=SC2059
printf "$fmt" dump "file MiB" objects "(source)" "read s" cached "1st run s" "RSS MiB" "2nd run s" "RSS MiB" ratio
# shellcheck disable=SC2059
printf "$fmt" -------------- ---------- ------------ --------- -------- ------ ----------- --------- ----------- --------- ------
for size in "${SIZE_LIST[@]}"; do
  # shellcheck disable=SC2059
  printf "$fmt" "heap-${size}mb" "${R_FILE[$size]}" "${R_OBJ[$size]}" "${R_OBJSRC[$size]}" "${R_CAT[$size]}" \
    "${R_CACHED[$size]}" "${R_WALL1[$size]}" "${R_RSS1[$size]}" "${R_WALL2[$size]}" "${R_RSS2[$size]}" "${R_RATIO[$size]}"
done
echo
echo "Retained-size peer on heap-${PEER_SIZE}mb:"
pfmt='  %-34s %10s %9s\n'
# shellcheck disable=SC2059
printf "$pfmt" tool "wall s" "RSS MiB"
if [[ ",$SIZES," == *",$PEER_SIZE,"* ]]; then
  # shellcheck disable=SC2059
  printf "$pfmt" "heaplens analyze (first run)" "${R_WALL1[$PEER_SIZE]}" "${R_RSS1[$PEER_SIZE]}"
fi
# shellcheck disable=SC2059
printf "$pfmt" "VisualVM heap lib ($PEER_STATUS)" "$PEER_WALL" "$PEER_RSS"
hl=${R_WALL1[$PEER_SIZE]:-}
if [ "$PEER_STATUS" = ok ] && [[ "$hl" =~ ^[0-9.]+$ ]] && awk -v h="$hl" 'BEGIN { exit !(h > 0) }'; then
  awk -v p="$PEER_WALL" -v h="$hl" -v pr="$PEER_RSS" -v hr="${R_RSS1[$PEER_SIZE]}" \
    'BEGIN { printf "  wall-time ratio VisualVM/heaplens: %.1fx   RSS ratio: %.1fx\n", p / h, pr / hr }'
else
  echo "  wall-time ratio VisualVM/heaplens: n/a"
fi
[ -n "$PEER_NOTE" ] && echo "  note: $PEER_NOTE"
for n in ${NOTES[@]+"${NOTES[@]}"}; do echo "note: $n"; done
echo
echo "logs, JSON and /usr/bin/time reports: $RESULTS_DIR"

if [ "$FAILURES" -gt 0 ]; then
  echo "heap.sh: $FAILURES step(s) failed" >&2
  exit 1
fi
