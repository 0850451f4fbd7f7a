#!/usr/bin/env bash
# Runs KnownGraphScenario on OpenJDK 11 and keeps its live class histogram and heap dump as test
# resources of hprof-reader: JDK 11 lays out fields with HotSpot's pre-JDK-15 algorithm, and its
# own GC.class_histogram is the reference the reader's instance sizes must equal.
#
# OpenJDK 11 is not packaged for Debian 12, so it runs inside a Debian 11 (bullseye) root file
# system built with mmdebstrap. That needs root, the Debian package mirror and about 500 MB of
# disk; where any of these is missing the script says so and exits 0 without touching the
# committed files (tests use those).
#
# Usage: test-fixtures/scripts/jdk11-known-graph-dump.sh [output directory]
#   default output: hprof-reader/src/test/resources/dumps/jdk11-known-graph
# Environment: WORK_DIR (default: a fresh temporary directory, removed at the end).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$REPO/hprof-reader/src/test/resources/dumps/jdk11-known-graph}
SOURCES=$REPO/test-fixtures/src/main/java/io/heaplens/fixtures
# The same heap limit ScenarioRunner gives every scenario.
MAX_HEAP=-Xmx256m

skip() {
  echo "SKIPPED: JDK 11 dump not regenerated: $*" >&2
  echo "SKIPPED: the committed files in $OUT stay as they are." >&2
  exit 0
}

[ "$(id -u)" = 0 ] || skip "mmdebstrap and chroot need root"
if ! command -v mmdebstrap >/dev/null; then
  command -v apt-get >/dev/null || skip "no mmdebstrap and no apt-get to install it"
  apt-get update -qq && apt-get install -y -qq mmdebstrap >/dev/null || skip "could not install mmdebstrap"
fi

WORK=${WORK_DIR:-$(mktemp -d)}
ROOT=$WORK/bullseye-jdk11
cleanup() {
  if mountpoint -q "$ROOT/proc" 2>/dev/null; then umount "$ROOT/proc"; fi
  if [ -z "${WORK_DIR:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ ! -x "$ROOT/usr/lib/jvm/java-11-openjdk-amd64/bin/java" ]; then
  echo "== building a Debian 11 root file system with openjdk-11-jdk-headless in $ROOT"
  mmdebstrap --variant=apt --include=openjdk-11-jdk-headless bullseye "$WORK/bullseye-jdk11.tar" \
    || skip "mmdebstrap failed (no access to the Debian mirror?)"
  mkdir -p "$ROOT"
  tar -C "$ROOT" -xf "$WORK/bullseye-jdk11.tar"
  rm "$WORK/bullseye-jdk11.tar"
fi

mount --bind /proc "$ROOT/proc"   # the JVM and jcmd need /proc
rm -rf "$ROOT/scenario"
mkdir -p "$ROOT/scenario/src"
cp "$SOURCES/KnownGraphScenario.java" "$SOURCES/HeapCapture.java" "$ROOT/scenario/src/"

echo "== running KnownGraphScenario on JDK 11"
chroot "$ROOT" /bin/bash -c "set -e; cd /scenario
  javac --release 11 -d classes src/*.java
  java $MAX_HEAP -cp classes io.heaplens.fixtures.KnownGraphScenario out
  java -version 2>&1 | head -n 2 > out/java-version.txt
  dpkg-query -W -f='\${Version}' openjdk-11-jdk-headless > out/package-version.txt"

mkdir -p "$OUT"
cp "$ROOT/scenario/out/heap.hprof" "$ROOT/scenario/out/histogram.txt" "$OUT/"
JAVA_VERSION=$(cat "$ROOT/scenario/out/java-version.txt")
PACKAGE_VERSION=$(cat "$ROOT/scenario/out/package-version.txt")

cat > "$OUT/PROVENANCE.md" <<EOF
# JDK 11 dump of KnownGraphScenario

Written by \`test-fixtures/scripts/jdk11-known-graph-dump.sh\`; rerun it (as root, with access to
the Debian mirror) to regenerate both files together.

- \`heap.hprof\`: \`jcmd <pid> GC.heap_dump\` (live objects) of
  \`io.heaplens.fixtures.KnownGraphScenario\`, taken by its \`HeapCapture\`.
- \`histogram.txt\`: \`jcmd <pid> GC.class_histogram\` of the same JVM, taken by \`HeapCapture\`
  just before the dump (after a warm-up histogram), so both describe the same live objects.
- JVM: Debian 11 package \`openjdk-11-jdk-headless\` ${PACKAGE_VERSION}, in a root file system built
  with \`mmdebstrap --variant=apt --include=openjdk-11-jdk-headless bullseye\` and entered with
  \`chroot\` (with \`/proc\` bind-mounted). \`java -version\`:

\`\`\`
${JAVA_VERSION}
\`\`\`

- Run: the scenario's two sources compiled with \`javac --release 11\`, then
  \`java ${MAX_HEAP} -cp classes io.heaplens.fixtures.KnownGraphScenario out\`: default G1,
  compressed references and class pointers, default class data sharing, on 64-bit Linux.
- Generated $(date -u +%Y-%m-%d) from \`KnownGraphScenario.java\` and \`HeapCapture.java\` of
  test-fixtures as committed together with these files; $(stat -c %s "$OUT/heap.hprof") bytes of dump.
- Tests: \`HistogramMatchTest\` (every class's count and instance size equal the histogram's) and
  \`FieldLayoutGenerationTest\` (the pre-JDK-15 field layout predicts every instance size).
EOF
chmod 644 "$OUT/heap.hprof" "$OUT/histogram.txt" "$OUT/PROVENANCE.md"
echo "== wrote $OUT: $(ls "$OUT" | tr '\n' ' ')"
