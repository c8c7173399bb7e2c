#!/usr/bin/env bash
# The cost of an idempotent POST against a plain one: the release binary on a fresh
# PostgreSQL database (terril_bench_idem), one verified user, then wrk creating draft
# listings (2 threads, 8 connections, DURATION s each), alternately without and with a
# new Idempotency-Key per request, ROUNDS times. Run by hand.
#
#   ROUNDS=3 DURATION=10 scripts/bench/idempotency.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-10}" PORT="${PORT:-8098}"
BIN="${BIN:-target/release/terril}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS terril_bench_idem WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE terril_bench_idem"
export TERRIL_DATABASE_URL="postgres://postgres@127.0.0.1:5432/terril_bench_idem"
export TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=warn TERRIL_RATE_LIMIT__ENABLED=false
export TERRIL_EMAIL__OUTBOX_DIR="$WORK/outbox" TERRIL_JWT_SECRET=bench-secret-bench-secret-bench-secret
export TERRIL_MATCHING__ENABLED=false TERRIL_ACCESS_TOKEN_TTL_SECS=86400
"$BIN" serve > "$WORK/server.log" 2>&1 &
server=$!
until curl -fs "$BASE/health/ready" > /dev/null; do sleep 0.2; done

source scripts/sign-up.sh
TOKEN=$(sign_up "$BASE" "$WORK/outbox" bench)
export TOKEN

for r in $(seq 1 "$ROUNDS"); do
    for keyed in 0 1; do
        out=$(KEYED=$keyed wrk -t2 -c8 -d"${DURATION}s" --latency -s scripts/bench/post.lua "$BASE" 2>&1)
        rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
        p50=$(echo "$out" | awk '$1=="50%" {print $2}')
        p99=$(echo "$out" | awk '$1=="99%" {print $2}')
        non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
        label=$([ "$keyed" = 1 ] && echo "with key" || echo "plain   ")
        echo "round $r $label: ${rps} POST/s, p50 ${p50}, p99 ${p99}, non-2xx ${non2xx:-0}"
    done
done
