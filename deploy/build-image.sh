#!/usr/bin/env bash
# Builds the heaplens container image with podman, from the shaded jar.
#
# usage: deploy/build-image.sh [--tag IMAGE] [--base IMAGE]
#   --tag IMAGE   the image to build (default localhost/heaplens:dev)
#   --base IMAGE  the Java 17 base image, e.g. eclipse-temurin:17-jre where a registry is reachable.
#                 Default: localhost/heaplens-base:17, made here from Debian 12 packages with
#                 mmdebstrap when podman does not have it yet (about 400 MB; kept for the next build).
# Environment:
#   PODMAN_RUNTIME  the OCI runtime for podman build (runc, crun); default: podman's own choice
#
# The jar is built first (by the repository's ./heaplens launcher) when missing or older than the
# sources. Exit codes: 0 built; 77 podman cannot build here (the reason is on stderr, and nothing
# was changed); anything else: a step failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag=localhost/heaplens:dev
base=""
local_base=localhost/heaplens-base:17
runtime_opts=()
[ -n "${PODMAN_RUNTIME:-}" ] && runtime_opts=(--runtime "$PODMAN_RUNTIME")

while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

cannot() {
  echo "build-image.sh: cannot build the image here: $*" >&2
  exit 77
}

command -v podman >/dev/null 2>&1 \
  || cannot "podman is not installed (apt-get install podman runc mmdebstrap; .ci/run does it when run as root)"
podman info >/dev/null 2>&1 \
  || cannot "podman does not work for this user: $(podman info 2>&1 | tail -n 1)"

# The default ulimits of Debian's podman configuration ask for more open files than some hosts
# allow, and then no container starts; an empty list keeps the host's limits. CONTAINERS_CONF
# replaces the configuration for podman as started by this script only.
podman_conf="$(mktemp)"
stage="$(mktemp -d)"
trap 'rm -rf "$podman_conf" "$stage"' EXIT
printf '[containers]\ndefault_ulimits = []\n' > "$podman_conf"
export CONTAINERS_CONF="$podman_conf"

seconds() { date +%s.%N; }
elapsed() { awk -v start="$1" -v end="$(seconds)" 'BEGIN { printf "%.1f", end - start }'; }

if [ -z "$base" ]; then
  base="$local_base"
  if podman image exists "$base"; then
    echo "build-image.sh: base $base: already built, reused" >&2
  else
    command -v mmdebstrap >/dev/null 2>&1 \
      || cannot "no base image and no mmdebstrap to make one (apt-get install mmdebstrap, or pass --base)"
    [ "$(id -u)" = 0 ] || cannot "making the base image with mmdebstrap needs root (or pass --base)"
    start="$(seconds)"
    # --variant=apt: essential packages and apt only; passwd gives useradd to the Containerfile.
    mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,passwd bookworm "$stage/base.tar"
    podman import --quiet "$stage/base.tar" "$base" >/dev/null
    rm -f "$stage/base.tar"
    echo "build-image.sh: base $base made from Debian packages in $(elapsed "$start") s" >&2
  fi
fi

jar="$root/cli/target/heaplens.jar"
"$root/heaplens" --version >/dev/null  # builds the jar when missing or stale

# The build context holds only what the Containerfile copies, at the same paths as in the repository.
mkdir -p "$stage/cli/target" "$stage/deploy"
cp "$jar" "$stage/cli/target/heaplens.jar"
cp "$root/deploy/heaplens-in-container.sh" "$stage/deploy/heaplens-in-container.sh"

start="$(seconds)"
podman build --quiet "${runtime_opts[@]}" --build-arg "BASE=$base" -t "$tag" \
  -f "$root/deploy/Containerfile" "$stage" >/dev/null
size="$(podman image inspect --format '{{.Size}}' "$tag")"
echo "build-image.sh: built $tag in $(elapsed "$start") s;" \
  "$(awk -v b="$size" 'BEGIN { printf "%.0f", b / 1048576 }') MiB" >&2
