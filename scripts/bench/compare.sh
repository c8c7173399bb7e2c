#!/usr/bin/env bash
# Usage: OLD_BIN=/path/to/previous/terril [NEW_BIN=...] [ROUNDS=3] scripts/bench/compare.sh
# Alternates the old and new release binaries on the same-sized PostgreSQL data: start-up to
# ready, a 10 s wrk run of the typical search, then 10 s of the typical search (16
# connections) while 16 others loop a word no post holds over 1,000 km (the abuse of issue
# 10), ROUNDS times each.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROUNDS="${ROUNDS:-3}"
declare -A BIN=([old]="${OLD_BIN:?set OLD_BIN to the previous release binary}" [new]="${NEW_BIN:-target/release/terril}")
for v in old new; do
  url="postgres://postgres@127.0.0.1:5432/terril_cmp_$v"
  if [ "$(psql "$url" -Atc 'SELECT count(*) FROM listings' 2>/dev/null)" != 1000000 ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS terril_cmp_$v WITH (FORCE)"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE terril_cmp_$v"
    s=$(date +%s); TERRIL_DATABASE_URL=$url TERRIL_LOG_FILTER=warn ${BIN[$v]} generate --listings 1000000 --wanted 200000 --seed 42 >/dev/null; echo "$v generate: $(( $(date +%s)-s )) s"
  fi
done
for r in $(seq 1 "$ROUNDS"); do
  for v in old new; do
    url="postgres://postgres@127.0.0.1:5432/terril_cmp_$v"
    start=$(date +%s.%N)
    TERRIL_DATABASE_URL=$url TERRIL_LISTEN=127.0.0.1:8099 TERRIL_LOG_FILTER=warn TERRIL_RATE_LIMIT__ENABLED=false TERRIL_JWT_SECRET=bench-secret-bench-secret-bench-secret \
      ${BIN[$v]} serve --no-worker > /tmp/cmp-$v.log 2>&1 &
    pid=$!
    until curl -sf -o /dev/null http://127.0.0.1:8099/health/ready; do sleep 0.02; done
    ready=$(echo "$(date +%s.%N) - $start" | bc)
    out=$(wrk -t2 -c32 -d10s --latency -s scripts/bench/search.lua http://127.0.0.1:8099 2>&1)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    costly='http://127.0.0.1:8099/api/v1/listings?lat=46.6&lon=2.4&radius_km=1000&q=zzzzqqq'
    wrk -t1 -c16 -d10s "$costly" > /tmp/cmp-costly.txt 2>&1 &
    costly_pid=$!
    mixed=$(wrk -t1 -c16 -d10s --latency -s scripts/bench/search.lua http://127.0.0.1:8099 2>&1)
    wait $costly_pid
    costly_rps=$(awk '/Requests\/sec/ {print $2}' /tmp/cmp-costly.txt)
    mixed_p50=$(echo "$mixed" | awk '$1=="50%" {print $2}')
    hwm=$(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$pid/status)
    kill -TERM $pid; wait $pid 2>/dev/null
    echo "round $r $v: ready ${ready} s, ${rps} searches/s, p50 ${p50}, p99 ${p99}, VmHWM ${hwm}; under the costly loop: typical p50 ${mixed_p50}, costly ${costly_rps}/s"
  done
done
