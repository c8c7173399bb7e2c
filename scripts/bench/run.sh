#!/usr/bin/env bash
# Measures the typical search against the release server with N generated listings.
#
#   scripts/bench/run.sh                      # SQLite, 1,000,000 listings, 200,000 wanted
#   DB=postgres scripts/bench/run.sh          # PostgreSQL at 127.0.0.1:5432 (database terril_bench)
#   LISTINGS=10000 WANTED=2000 scripts/bench/run.sh
#
# Prints: load time, start-up time to ready, wrk throughput and latency percentiles at
# 32 connections, and the server's resident memory after the run. Needs wrk
# (`apt-get install wrk`). The data is deterministic (seed 42).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

LISTINGS="${LISTINGS:-1000000}"
WANTED="${WANTED:-200000}"
DB="${DB:-sqlite}"
PORT="${PORT:-8099}"
DURATION="${DURATION:-20s}"
# The wrk script and connections: SCRIPT=pages.lua CONNECTIONS=4 measures the search page.
SCRIPT="${SCRIPT:-search.lua}"
CONNECTIONS="${CONNECTIONS:-32}"
WORK="$(mktemp -d /tmp/terril-bench.XXXXXX)"
# The generated database is kept between runs (same size, same seed, same rows).
NAME="terril_bench_${LISTINGS}_${WANTED}"
GENERATE=yes

if [ "$DB" = postgres ]; then
    export TERRIL_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$NAME"
    if psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$NAME'" | grep -q 1 \
        && [ "$(psql "$TERRIL_DATABASE_URL" -Atc 'SELECT count(*) FROM listings' 2>/dev/null)" = "$LISTINGS" ]; then
        GENERATE=no
    else
        psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)"
        psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $NAME"
    fi
else
    mkdir -p data/bench
    export TERRIL_DATABASE_URL="data/bench/$NAME.db"
    if [ -f "$TERRIL_DATABASE_URL.complete" ]; then
        GENERATE=no
    else
        rm -f "$TERRIL_DATABASE_URL" "$TERRIL_DATABASE_URL-wal" "$TERRIL_DATABASE_URL-shm"
    fi
fi
export TERRIL_LISTEN="127.0.0.1:$PORT"
export TERRIL_LOG_FILTER=warn
# One wrk client is one IP: the rate limits would measure themselves, not the search.
export TERRIL_RATE_LIMIT__ENABLED=false
export TERRIL_EMAIL__OUTBOX_DIR="$WORK/outbox"

# TERRIL_BIN names a binary built elsewhere (an older commit's, to compare); else this tree's.
if [ -n "${TERRIL_BIN:-}" ]; then
    BIN="$TERRIL_BIN"
else
    cargo build --release --quiet
    BIN=target/release/terril
fi

if [ "$GENERATE" = yes ]; then
    echo "== loading $LISTINGS listings and $WANTED wanted requests into $DB"
    "$BIN" generate --listings "$LISTINGS" --wanted "$WANTED" --seed 42
    [ "$DB" = postgres ] || touch "$TERRIL_DATABASE_URL.complete"
else
    echo "== reusing the generated $DB database $NAME"
fi

echo "== start-up with the data"
start=$(date +%s.%N)
"$BIN" serve --no-worker > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null; do sleep 0.05; done
ready=$(date +%s.%N)
echo "ready after $(echo "$ready - $start" | bc) s"

echo "== one sample answer"
curl -s "http://127.0.0.1:$PORT/api/v1/listings?lat=50.4320&lon=2.8330&radius_km=50&material=construction.masonry&limit=20" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["items"]), "items, nearest", d["items"][0]["distance_km"], "km")'

if [ "$SCRIPT" = pages.lua ]; then
    # 128 listings' pages beside the 128 searches: ids of published listings near the towns.
    export PAGES_LISTINGS="$WORK/listings.txt"
    for town in "50.63,3.06" "48.86,2.35" "45.76,4.84" "43.30,5.37"; do
        curl -s "http://127.0.0.1:$PORT/api/v1/listings?lat=${town%,*}&lon=${town#*,}&radius_km=30&limit=32" \
            | python3 -c 'import json,sys; [print(i["id"]) for i in json.load(sys.stdin)["items"]]'
    done > "$PAGES_LISTINGS"
    echo "$(wc -l < "$PAGES_LISTINGS") listings' pages in the rotation"
fi

echo "== wrk ($SCRIPT): 2 threads, $CONNECTIONS connections, $DURATION"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "scripts/bench/$SCRIPT" "http://127.0.0.1:$PORT"

echo "== server memory after the run"
grep -E 'VmRSS|VmHWM' "/proc/$SERVER/status"
