#!/usr/bin/env bash
# Vendors the renderer of the API reference page (/docs): Redoc's standalone bundle, from
# the npm registry, at the version and integrity pinned here, into assets/docs/, where the
# binary embeds it (src/api/reference.rs). The page never loads code from elsewhere.
# Run by hand to upgrade; commit what it writes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=2.5.4
INTEGRITY="sha512-M6jWhG1qoBnH6TFmzJnstyCZ87HmOY/UzDm78mHiYihEdlV/YcS9ogOo1NlElnJMeLsyxHFe2yFc4sNjHTrABQ=="
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "redoc@$VERSION" > /dev/null)
tarball="$WORK/redoc-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
    echo "redoc-$VERSION.tgz has integrity $actual, expected $INTEGRITY" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$WORK"
mkdir -p assets/docs
cp "$WORK/package/bundles/redoc.standalone.js" assets/docs/redoc.standalone.js
cp "$WORK/package/LICENSE" assets/docs/REDOC-LICENSE
echo "redoc $VERSION ($INTEGRITY)" > assets/docs/VERSION
echo "vendored redoc $VERSION into assets/docs/"
