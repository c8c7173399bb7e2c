#!/usr/bin/env bash
# Proves what the README says: `cargo run` on a fresh checkout serves the whole app with its
# map, the map library coming from the binary (embedded from assets/pages/map/, vendored by
# scripts/vendor-map.sh from vendor/map/package-lock.json). Checks that the committed copy
# is the lock file's, then starts `cargo run` with nothing but a scratch data folder and
# asks it for the search page and every file the map needs. Run by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/vendor-map.sh --check

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
TERRIL_DATA_DIR="$work" TERRIL_DATABASE_URL="$work/terril.db" TERRIL_LISTEN="127.0.0.1:$port" \
    TERRIL_LOG_FILTER=warn cargo run --quiet > "$work/log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null; wait "$server" 2> /dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
# Ready, not live: the search page answers 503 until the search index is loaded, which on a
# slow machine comes a moment after the port opens.
for _ in $(seq 1 600); do
    curl -fsS "$base/health/ready" > /dev/null 2>&1 && break
    kill -0 "$server" 2> /dev/null || { cat "$work/log"; exit 1; }
    sleep 0.5
done

page="$(curl -fsS "$base/search?place=Loos-en-Gohelle")"
grep -q 'data-map="results"' <<< "$page" || { echo "no map on /search" >&2; exit 1; }
for asset in $(grep -o '/assets/[^"]*' <<< "$page" | sort -u) /assets/map/images/marker-icon.png; do
    curl -fsS -o /dev/null "$base$asset" || { echo "cargo run does not serve $asset" >&2; exit 1; }
    echo "served $asset"
done
echo "cargo run serves the search page and its map from the binary"
