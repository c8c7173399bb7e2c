#!/usr/bin/env bash
# The cost of every accepted search form at 1,000,000 listings (PostgreSQL, seed 42, the
# database of run.sh, generated once and kept), then an ordinary search beside 4 clients
# sending the costliest form within their search budgets (rate limits on, each client
# told apart by X-Forwarded-For from a trusted 127.0.0.1).
#
#   scripts/bench/search-cost.sh                     # target/release/terril
#   BIN=/path/to/terril scripts/bench/search-cost.sh # another binary, same data
#   LISTINGS=100000 WANTED=20000 scripts/bench/search-cost.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

LISTINGS="${LISTINGS:-1000000}"
WANTED="${WANTED:-200000}"
PORT="${PORT:-8099}"
BIN="${BIN:-target/release/terril}"
NAME="terril_bench_${LISTINGS}_${WANTED}"
WORK="$(mktemp -d /tmp/terril-cost.XXXXXX)"
export TERRIL_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$NAME"
export TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=warn
export TERRIL_EMAIL__OUTBOX_DIR="$WORK/outbox"
export TERRIL_RATE_LIMIT__TRUSTED_PROXIES='[127.0.0.0/8]'

[ -x "$BIN" ] || cargo build --release --quiet
if [ "$(psql "$TERRIL_DATABASE_URL" -Atc 'SELECT count(*) FROM listings' 2>/dev/null)" != "$LISTINGS" ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $NAME"
    echo "== generating $LISTINGS listings and $WANTED wanted requests"
    start=$(date +%s)
    "$BIN" generate --listings "$LISTINGS" --wanted "$WANTED" --seed 42 > /dev/null
    echo "generated in $(( $(date +%s) - start )) s"
fi

"$BIN" serve --no-worker > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null; do sleep 0.1; done
echo "== $BIN at $LISTINGS listings"
PORT="$PORT" python3 scripts/bench/search_cost.py
echo "server VmHWM: $(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$SERVER/status)"
