#!/usr/bin/env bash
# Vendors the map library of the pages: Leaflet and Leaflet.markercluster from the npm
# registry, at the versions and integrity pinned by vendor/map/package-lock.json, into
# assets/pages/map/, which the binary embeds (src/web/pages/assets.rs). So `cargo run`
# serves the map on a fresh machine with no network, and no page loads code from a CDN.
#
#   scripts/vendor-map.sh          copies the files (run by hand to upgrade; commit them)
#   scripts/vendor-map.sh --check  fails when the committed copy differs from the lock file's
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

(cd vendor/map && npm ci --no-audit --no-fund --loglevel=error)
modules=vendor/map/node_modules
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/images"
cp "$modules/leaflet/dist/leaflet.js" "$modules/leaflet/dist/leaflet.css" "$out/"
cp "$modules/leaflet/dist/images/"*.png "$out/images/"
cp "$modules/leaflet/LICENSE" "$out/LEAFLET-LICENSE"
cp "$modules/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.css" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.Default.css" "$out/"
cp "$modules/leaflet.markercluster/MIT-LICENCE.txt" "$out/MARKERCLUSTER-LICENSE"
node -e '
  const lock = require("./vendor/map/package-lock.json").packages;
  for (const name of ["leaflet", "leaflet.markercluster"]) {
    const p = lock["node_modules/" + name];
    console.log(`${name} ${p.version} ${p.integrity}`);
  }' > "$out/VERSIONS"

if [ "${1:-}" = "--check" ]; then
    diff -r "$out" assets/pages/map \
        || { echo "assets/pages/map differs from vendor/map/package-lock.json: run scripts/vendor-map.sh" >&2; exit 1; }
    echo "assets/pages/map matches vendor/map/package-lock.json"
else
    rm -rf assets/pages/map
    cp -r "$out" assets/pages/map
    echo "vendored the map library into assets/pages/map/:"
    cat assets/pages/map/VERSIONS
fi
