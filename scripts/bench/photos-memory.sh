#!/usr/bin/env bash
# Peak memory of `terril serve` on SQLite while one user sends UPLOADS (16) of the largest
# accepted photos at once (24 MP, about 9.5 MB: a baseline JPEG, a progressive JPEG, an
# RGBA PNG; one fresh server for each kind), with the 12,000 x 12,000 PNG of issue 23 sent
# once they are all under way: it must be refused at once. Prints the answers, the huge
# PNG's answer and time, and VmHWM (peak RSS) and VmRSS from /proc. Run by hand; the
# images are made with Pillow (PyPI, into target/bench-photos-venv) and kept in
# target/bench-photos.
#
#   scripts/bench/photos-memory.sh                      # the debug binary
#   BIN=target/release/terril KINDS="jpeg png" scripts/bench/photos-memory.sh
#
# A debug build decodes many times slower than a release build: DECODE_WAIT_SECS (600 by
# default here) keeps every upload waiting for its turn instead of answering 503.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN="${BIN:-${CARGO_TARGET_DIR:-target}/debug/terril}"
KINDS="${KINDS:-jpeg progressive png}" UPLOADS="${UPLOADS:-16}" PORT="${PORT:-8097}"
BASE="http://127.0.0.1:$PORT"
VENV=target/bench-photos-venv IMAGES=target/bench-photos
"$VENV/bin/python" -c 'import PIL' 2> /dev/null \
    || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pillow==12.1.1; }
"$VENV/bin/python" scripts/bench/photos_memory.py make "$IMAGES"
source scripts/sign-up.sh

WORK="$(mktemp -d)"
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=warn TERRIL_RATE_LIMIT__ENABLED=false
export TERRIL_JWT_SECRET=bench-secret-bench-secret-bench-secret TERRIL_MATCHING__ENABLED=false
export TERRIL_ACCESS_TOKEN_TTL_SECS=86400
export TERRIL_PHOTOS__DECODE_WAIT_SECS="${DECODE_WAIT_SECS:-600}"
echo "$BIN, photos.decodes_at_once ${TERRIL_PHOTOS__DECODES_AT_ONCE:-2 (default)}"
for kind in $KINDS; do
    image=$(ls "$IMAGES/$kind".*)
    mkdir -p "$WORK/$kind"
    TERRIL_DATABASE_URL="$WORK/$kind/terril.db" TERRIL_EMAIL__OUTBOX_DIR="$WORK/$kind/outbox" \
        "$BIN" serve > "$WORK/$kind/server.log" 2>&1 &
    server=$!
    until curl -fs "$BASE/health/ready" > /dev/null; do sleep 0.2; done
    token=$(sign_up "$BASE" "$WORK/$kind/outbox" "bench$kind")
    "$VENV/bin/python" scripts/bench/photos_memory.py send "$BASE" "$token" "$server" \
        "$image" "$UPLOADS" "$IMAGES"
    kill "$server"
    wait "$server" 2> /dev/null || true
    server=
done
