#!/usr/bin/env bash
# Runs the photo test that needs S3-compatible object storage (tests/api/photos_s3.rs)
# against a real S3 server on this machine: moto's standalone server, installed from PyPI
# (pinned) into target/moto-venv on first use, on a free port, with a fresh bucket. Run by
# .ci/run; with TEST_DATABASE_URL set, on PostgreSQL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=target/moto-venv
[ -x "$VENV/bin/moto_server" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "moto[server]==5.2.5"; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ENDPOINT="http://127.0.0.1:$PORT"
BUCKET=terril-photos
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" > target/moto.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    curl -sf "$ENDPOINT/" > /dev/null && break
    sleep 0.2
done
# Path-style, as Terril's client addresses a bucket at a configured endpoint.
curl -sf -X PUT "$ENDPOINT/$BUCKET" > /dev/null

TEST_S3_ENDPOINT="$ENDPOINT" TEST_S3_BUCKET="$BUCKET" \
    cargo test --test api photos_s3 -- --ignored
