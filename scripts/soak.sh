#!/usr/bin/env bash
# The soak test: two `terril serve` instances and one `terril worker` on one PostgreSQL
# database (terril_soak at 127.0.0.1:5432, made afresh), emails to a local SMTP server, a
# steady mixed load (scripts/soak/load.py) for DURATION seconds; then every answer counted
# by status, every email in the outbox counted against what the SMTP server received, and
# each process's memory, sampled every 10 s, compared between the 10th minute and the last
# ten. Run by hand; not part of the test suite.
#
#   DURATION=1800 scripts/soak.sh        # 30 minutes (the default)
#   DURATION=120 scripts/soak.sh         # a quick look (memory is then not judged)
#   BIN=/path/to/terril scripts/soak.sh  # another binary
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${DURATION:-1800}"
BIN="${BIN:-target/release/terril}"
WORK="$(mktemp -d /tmp/terril-soak.XXXXXX)"
VENV=target/soak-venv
SMTP_PORT="${SMTP_PORT:-2526}"
read -r -a PORTS <<< "${PORTS:-8111 8112}"
DB=terril_soak
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null || "$VENV/bin/pip" install -q aiosmtpd
[ "$BIN" != target/release/terril ] || cargo build --release --quiet

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
export TERRIL_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export TERRIL_JWT_SECRET=soak-secret-soak-secret-soak-secret-soak
export TERRIL_LOG_FORMAT=json TERRIL_LOG_FILTER=warn
export TERRIL_EMAIL__SMTP_HOST=127.0.0.1 TERRIL_EMAIL__SMTP_PORT="$SMTP_PORT"
export TERRIL_EMAIL__SMTP_TLS=none
# One load generator is one client IP and one user per role: the soak measures leaks and
# losses, not the limits (tested by the suite).
export TERRIL_RATE_LIMIT__ENABLED=false TERRIL_EMAIL__NOTIFICATIONS_PER_HOUR=100000
# mimalloc's statistics at exit (in each process's log): memory in use beside what the
# process kept from the system, to tell live data from memory held after use.
export MIMALLOC_SHOW_STATS=1

"$VENV/bin/python" scripts/soak/smtp_sink.py "$SMTP_PORT" "$WORK/mail" &
pids+=($!)
"$BIN" migrate > "$WORK/migrate.log" 2>&1
declare -A names
for port in "${PORTS[@]}"; do
    # Metrics are served only on an address of their own: the API's port + 1000.
    TERRIL_LISTEN="127.0.0.1:$port" TERRIL_PUBLIC_BASE_URL="http://127.0.0.1:$port" \
        TERRIL_METRICS_LISTEN="127.0.0.1:$(( port + 1000 ))" \
        "$BIN" serve --no-worker > "$WORK/serve-$port.log" 2>&1 &
    pids+=($!)
    names[$!]="serve-$port"
done
"$BIN" worker > "$WORK/worker.log" 2>&1 &
pids+=($!)
names[$!]=worker
for port in "${PORTS[@]}"; do
    until curl -fs "http://127.0.0.1:$port/health/ready" > /dev/null; do sleep 0.2; done
done
echo "soak: ${DURATION} s, work folder $WORK"
mkdir -p "$WORK/metrics"

(
    start=$(date +%s)
    while true; do
        for pid in "${!names[@]}"; do
            # RSS split as the kernel counts it (kB): anonymous, file-backed, and how much
            # of the anonymous memory is transparent huge pages (a huge page makes a whole
            # 2 MiB range resident when one of its pages is touched; see
            # docs/research/soak-memory.md).
            read -r rss threads anon file < <(awk '/^VmRSS/ {r=$2} /^Threads/ {t=$2}
                /^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {print r+0, t+0, a+0, f+0}' \
                "/proc/$pid/status" 2>/dev/null || echo 0 0 0 0)
            huge=$(awk '/^AnonHugePages/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
            echo "$(( $(date +%s) - start )),${names[$pid]},$rss,$threads,$anon,$file,${huge:-0}"
        done
        # Each instance's metrics beside its memory: what it served and ran in a window
        # where its memory stepped (gzip'd, a few KB a sample).
        for port in "${PORTS[@]}"; do
            curl -fs "http://127.0.0.1:$(( port + 1000 ))/metrics" 2> /dev/null \
                | gzip > "$WORK/metrics/$port-$(( $(date +%s) - start )).txt.gz" || true
        done
        sleep 10
    done
) > "$WORK/memory.csv" &
sampler=$!
pids+=($sampler)

bases=$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}")
python3 scripts/soak/load.py --bases "${bases%,}" --mail "$WORK/mail" \
    --duration "$DURATION" --out "$WORK/load.json" > /dev/null
kill "$sampler"

# What was queued before the load stopped goes out now: the worker may have a backlog.
# The processes keep running until the outbox is empty, or DRAIN_SECS (900) have passed.
drain_started=$(date +%s)
while true; do
    pending=$(psql "$TERRIL_DATABASE_URL" -Atc "SELECT count(*) FROM outbox_emails WHERE status = 'pending'")
    [ "$pending" = 0 ] && break
    [ $(( $(date +%s) - drain_started )) -ge "${DRAIN_SECS:-900}" ] && break
    sleep 2
done
echo "outbox drained in $(( $(date +%s) - drain_started )) s after the load; $pending still pending" \
    > "$WORK/drain.txt"
psql "$TERRIL_DATABASE_URL" -Atc "SELECT message_id || ' ' || status FROM outbox_emails" > "$WORK/outbox.txt"
python3 scripts/soak/report.py "$WORK" "$DURATION"
