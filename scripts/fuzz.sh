#!/usr/bin/env bash
# Fuzzes the running API against api-spec/openapi.yaml with schemathesis (installed from
# PyPI into target/schemathesis-venv on first use), signed in as a fresh verified user, on
# each engine in turn: a throw-away SQLite file, then a fresh PostgreSQL database
# (terril_fuzz at 127.0.0.1:5432), both with the demo data. Exits non-zero when
# schemathesis reports a failure or the server logs an internal error on either engine.
# Run by hand; not part of the test suite.
#
#   scripts/fuzz.sh                     # 40 examples per operation, both engines
#   EXAMPLES=200 ENGINES=postgres scripts/fuzz.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT="${PORT:-8097}"
BASE="http://127.0.0.1:$PORT"
VENV=target/schemathesis-venv
ENGINES="${ENGINES:-sqlite postgres}"
server=
work=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; [ -z "$work" ] || rm -rf "$work"' EXIT

[ -x "$VENV/bin/schemathesis" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q schemathesis==4.32.5; }
cargo build --quiet || exit 1

# The fuzzer calls the sign-in endpoints thousands of times a minute.
export TERRIL_RATE_LIMIT__ENABLED=false
export TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=warn TERRIL_PUBLIC_BASE_URL="$BASE"

source scripts/sign-up.sh

fuzz_on() {
    local engine=$1 status errors
    work="$(mktemp -d /tmp/terril-fuzz.XXXXXX)"
    export TERRIL_EMAIL__OUTBOX_DIR="$work/outbox" TERRIL_DATA_DIR="$work"
    if [ "$engine" = postgres ]; then
        psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS terril_fuzz WITH (FORCE)"
        psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE terril_fuzz"
        export TERRIL_DATABASE_URL="postgres://postgres@127.0.0.1:5432/terril_fuzz"
    else
        export TERRIL_DATABASE_URL="$work/fuzz.db"
    fi
    target/debug/terril demo > /dev/null
    target/debug/terril serve > "$work/server.log" 2>&1 &
    server=$!
    until curl -fs "$BASE/health/ready" > /dev/null; do sleep 0.1; done
    TERRIL_FUZZ_TOKEN=$(sign_up "$BASE" "$work/outbox" fuzz)
    export TERRIL_FUZZ_TOKEN
    echo "== $engine"
    PYTHONPATH=scripts/fuzz SCHEMATHESIS_HOOKS=hooks \
        "$VENV/bin/schemathesis" --config-file scripts/fuzz/schemathesis.toml \
        run "$BASE/api/v1/openapi.yaml" --url "$BASE" \
        --max-examples "${EXAMPLES:-40}" --checks all \
        --workers 2 --seed "${SEED:-42}"
    status=$?
    errors=$(grep -c "request failed with an internal error" "$work/server.log")
    echo "== $engine: schemathesis exit status $status, internal errors logged: $errors"
    kill "$server"; wait "$server" 2>/dev/null; server=
    rm -rf "$work"; work=
    [ "$status" = 0 ] && [ "$errors" = 0 ]
}

failed=0
for engine in $ENGINES; do
    fuzz_on "$engine" || failed=1
done
exit $failed
