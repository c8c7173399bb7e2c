#!/usr/bin/env bash
# Webhook fan-out: the release binary on a fresh PostgreSQL database (terril_bench_hooks),
# one organisation with ENDPOINTS endpoints (100) that want `listing.*`, all on one local
# receiver (scripts/bench/webhook_receiver.py, aiohttp); then LISTINGS (100) listings
# published as fast as curl can, each giving its events to every endpoint. It waits until
# every delivery has succeeded, then prints the deliveries per second (first event to last
# receipt) and the delay from each event to its receipt (p50, p99, max). Run by hand.
#
#   ENDPOINTS=100 LISTINGS=100 scripts/bench/webhooks.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ENDPOINTS="${ENDPOINTS:-100}" LISTINGS="${LISTINGS:-100}"
PORT="${PORT:-8097}" RPORT="${RPORT:-8096}"
BIN="${BIN:-target/release/terril}"
BASE="http://127.0.0.1:$PORT"
VENV=target/bench-venv
WORK="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import aiohttp' 2>/dev/null || "$VENV/bin/pip" install -q aiohttp
"$VENV/bin/python" scripts/bench/webhook_receiver.py "$RPORT" "$WORK/received.csv" &
pids+=($!)

DB=terril_bench_hooks
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
export TERRIL_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=warn TERRIL_RATE_LIMIT__ENABLED=false
export TERRIL_EMAIL__OUTBOX_DIR="$WORK/outbox" TERRIL_JWT_SECRET=bench-secret-bench-secret-bench-secret
# Matching stays on: the fan-out of events to webhooks runs with it.
export TERRIL_ACCESS_TOKEN_TTL_SECS=86400
export TERRIL_QUOTAS__WEBHOOK_ENDPOINTS="$ENDPOINTS"
export TERRIL_WEBHOOKS__ALLOWED_PRIVATE_HOSTS='[127.0.0.1]'
"$BIN" serve > "$WORK/server.log" 2>&1 &
pids+=($!)
until curl -fs "$BASE/health/ready" > /dev/null; do sleep 0.2; done
until curl -fs -X POST "http://127.0.0.1:$RPORT/flush" > /dev/null; do sleep 0.2; done

source scripts/sign-up.sh
TOKEN=$(sign_up "$BASE" "$WORK/outbox" hooks)
auth=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
for n in $(seq 1 "$ENDPOINTS"); do
    curl -fsS -o /dev/null "${auth[@]}" -X POST "$BASE/api/v1/webhook-endpoints" \
        -d '{"url": "http://127.0.0.1:'"$RPORT"'/hook/'"$n"'", "event_types": ["listing.*"]}'
done

listing='{"title": "Briques pleines", "material": "construction.masonry.bricks",
  "quantity": 3000, "unit": "piece", "condition": "reusable_as_is",
  "location": {"latitude": 50.432, "longitude": 2.833, "address": "Lens"},
  "available_from": "2026-01-01", "available_until": "2030-12-31"}'
started=$(date +%s.%N)
for n in $(seq 1 "$LISTINGS"); do
    curl -fsS -o /dev/null "${auth[@]}" -X POST "$BASE/api/v1/listings?publish=true" -d "$listing"
done
posted=$(date +%s.%N)

count() { psql "$TERRIL_DATABASE_URL" -Atc "SELECT count(*) FILTER (WHERE status = '$1') FROM webhook_deliveries"; }
deadline=$(( $(date +%s) + 600 ))
while true; do
    events=$(psql "$TERRIL_DATABASE_URL" -Atc "SELECT count(*) FROM events WHERE kind LIKE 'listing.%'")
    want=$(( events * ENDPOINTS ))
    done_=$(count succeeded)
    [ "$done_" -ge "$want" ] && [ "$want" -gt 0 ] && break
    [ "$(date +%s)" -ge "$deadline" ] && { echo "gave up: $done_ of $want succeeded"; break; }
    sleep 0.5
done
curl -fsS -X POST "http://127.0.0.1:$RPORT/flush" > /dev/null
echo "$LISTINGS listings posted in $(echo "$posted - $started" | bc) s; $events events x $ENDPOINTS endpoints"
python3 - "$WORK/received.csv" "$started" <<'PY'
import csv, sys
from datetime import datetime
rows = [(float(r[0]), datetime.fromisoformat(r[1].replace("Z", "+00:00")).timestamp())
        for r in csv.reader(open(sys.argv[1]))]
started = float(sys.argv[2])
delays = sorted(received - occurred for received, occurred in rows)
span = max(r[0] for r in rows) - started
pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]
print(f"{len(rows)} deliveries received in {span:.2f} s: {len(rows) / span:.0f} deliveries/s")
print(f"event to receipt: p50 {pick(0.5):.3f} s, p99 {pick(0.99):.3f} s, max {delays[-1]:.3f} s")
PY
