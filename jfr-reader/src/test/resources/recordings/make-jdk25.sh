#!/usr/bin/env bash
# Records jdk25.jfr, the committed JDK 25 recording that Jdk25RecordingTest reads, by running
# Jdk25Workload.java (source launch) on a JDK 25. Set JAVA25 to its java launcher if it is not
# at the default location. Rerun only to refresh the recording; the test's facts follow the
# workload's code, not this run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"

version="$("$java25" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "$version" != "25" ]; then
  echo "make-jdk25.sh: $java25 is Java $version, not 25; set JAVA25 to a JDK 25 java launcher" >&2
  exit 1
fi

cd "$here"
"$java25" -Xmx64m -XX:+UseG1GC Jdk25Workload.java jdk25.jfr
echo "wrote $here/jdk25.jfr ($(wc -c < jdk25.jfr) bytes)"
