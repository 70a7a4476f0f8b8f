#!/usr/bin/env bash
# Fetches Debian's prometheus package (Prometheus and promtool, Apache-2.0) with `apt-get download`
# and unpacks its two binaries into an ignored folder, for the deploy module's tests and
# `./lorastream check dashboards`. Needs apt and dpkg-deb but no root: nothing is installed.
# Idempotent: does nothing when this version is already there and complete. Never commit the result.
#
# usage: fetch-prometheus.sh [target-dir]      (default: <repo>/.cache/prometheus)
# result: <target-dir>/bin/prometheus and <target-dir>/bin/promtool
set -euo pipefail

PACKAGE="prometheus"
VERSION="2.42.0+ds-5+deb12u1"   # Debian 12 (bookworm)
ARCH="amd64"
# sha256 of exactly this .deb; apt itself also checks it against the signed Release file.
DEB_SHA256="81d59a24fce84f7fbe97a45a4f2914b6a5881b5cd1db2a6a0e129e515e1a5f55"
UPSTREAM_VERSION="2.42.0"       # what `promtool --version` must report

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-$script_dir/../../.cache/prometheus}"
marker="$target/.complete-$VERSION"

if [[ -f "$marker" && -x "$target/bin/prometheus" && -x "$target/bin/promtool" ]]; then
  exit 0
fi

skip_hint="or build with -Dlorastream.prometheus.skip=true (the promtool tests then need promtool on the PATH)"
for tool in apt-get dpkg-deb sha256sum; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-prometheus: $tool is not available; this needs a Debian-based system with apt, $skip_hint" >&2
    exit 1
  fi
done
arch="$(dpkg --print-architecture 2>/dev/null || echo unknown)"
if [[ "$arch" != "$ARCH" ]]; then
  echo "fetch-prometheus: the pinned package is for $ARCH, this machine is $arch; $skip_hint" >&2
  exit 1
fi

mkdir -p "$(dirname "$target")"
work="$(mktemp -d "$(dirname "$target")/.prometheus.tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetch-prometheus: apt-get download $PACKAGE=$VERSION (about 19 MB)"
if ! (cd "$work" && apt-get download -q "$PACKAGE=$VERSION" >"$work/apt.log" 2>&1); then
  cat "$work/apt.log" >&2
  echo "fetch-prometheus: apt-get could not download $PACKAGE=$VERSION (does 'apt-cache policy $PACKAGE' list it?" \
    "run 'apt-get update' first), $skip_hint" >&2
  exit 1
fi
deb="$work/${PACKAGE}_${VERSION//:/%3a}_${ARCH}.deb"
if [[ ! -f "$deb" ]]; then
  echo "fetch-prometheus: apt-get did not write $(basename "$deb"); found: $(ls "$work")" >&2
  exit 1
fi

actual_sha256="$(sha256sum "$deb" | cut -d' ' -f1)"
if [[ "$actual_sha256" != "$DEB_SHA256" ]]; then
  echo "fetch-prometheus: $(basename "$deb") has sha256 $actual_sha256, expected $DEB_SHA256" >&2
  exit 1
fi

# Only the two binaries (static Go programs) and the licence files; the web UI's JavaScript
# dependencies and the service files are not needed for the HTTP API the tests use.
dpkg-deb -x "$deb" "$work/extract"
mkdir -p "$work/result/bin"
mv "$work/extract/usr/bin/prometheus" "$work/extract/usr/bin/promtool" "$work/result/bin/"
cp "$work/extract/usr/share/doc/prometheus/copyright" "$work/extract/usr/share/doc/prometheus/NOTICE" "$work/result/"

reported="$("$work/result/bin/promtool" --version 2>&1 | head -n 1)"
if [[ "$reported" != *"version $UPSTREAM_VERSION"* ]]; then
  echo "fetch-prometheus: promtool reports '$reported', expected version $UPSTREAM_VERSION" >&2
  exit 1
fi

# Replace any partial earlier attempt, then publish in one rename so readers never see half a folder.
touch "$work/result/.complete-$VERSION"
rm -rf "$target"
mv "$work/result" "$target"
echo "fetch-prometheus: prometheus and promtool $UPSTREAM_VERSION in $target/bin"
