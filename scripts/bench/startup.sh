#!/usr/bin/env bash
# Times the start-up of the release server on data already loaded by run.sh, several times.
#
#   scripts/bench/startup.sh                  # SQLite, data/bench/terril_bench_1000000_200000.db
#   DB=postgres scripts/bench/startup.sh      # PostgreSQL database terril_bench_1000000_200000
#   RUNS=5 scripts/bench/startup.sh
#
# Prints, per start: seconds until /health/ready answers, the read and index phases the
# server logs, its CPU time (user and system, in seconds) and its peak memory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

NAME="terril_bench_${LISTINGS:-1000000}_${WANTED:-200000}"
PORT="${PORT:-8099}"
WORK="$(mktemp -d /tmp/terril-startup.XXXXXX)"
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ "${DB:-sqlite}" = postgres ]; then
    export TERRIL_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$NAME"
else
    export TERRIL_DATABASE_URL="data/bench/$NAME.db"
fi
if [ "${DB:-sqlite}" != postgres ] && [ ! -f "$TERRIL_DATABASE_URL.complete" ]; then
    echo "no $TERRIL_DATABASE_URL: run scripts/bench/run.sh first" >&2
    exit 1
fi
export TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=info,terril=debug TERRIL_LOG_FORMAT=json
export TERRIL_EMAIL__OUTBOX_DIR="$WORK/outbox"

cargo build --release --quiet
if curl -fs "http://127.0.0.1:$PORT/health/live" > /dev/null; then
    echo "port $PORT is already answering: stop that server first" >&2
    exit 1
fi
ticks=$(getconf CLK_TCK)
for _ in $(seq "${RUNS:-3}"); do
    start=$(date +%s.%N)
    target/release/terril serve --no-worker > "$WORK/server.log" 2>&1 &
    server=$!
    until curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null; do sleep 0.02; done
    ready=$(date +%s.%N)
    read -r user system < <(awk '{print $14, $15}' "/proc/$server/stat")
    phases=$(grep -ao '"\(read\|index\)_seconds":[0-9.]*' "$WORK/server.log" | cut -c1-21 | tr -d '"' | tr '\n' ' ' || true)
    printf 'ready after %.2f s; %s; cpu user %.2f s, system %.2f s; %s\n' \
        "$(echo "$ready - $start" | bc)" "$phases" \
        "$(echo "$user / $ticks" | bc -l)" "$(echo "$system / $ticks" | bc -l)" \
        "$(grep VmHWM "/proc/$server/status" | tr -s ' \t' ' ')"
    kill "$server"
    wait "$server" || true
    server=
done
