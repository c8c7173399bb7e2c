#!/usr/bin/env bash
# Checks Terril's published files with the validators their readers use: a `terril serve`
# on a fresh SQLite file, real exchanges made through the API
# (scripts/validate-exports/exchanges.py), then `frictionless validate` (from PyPI, pinned,
# installed into the target folder's validate-exports-venv on first use) on
#   - the open-data package (GET /api/v1/open-data/datapackage.json, whose resource is the
#     served CSV), against the Frictionless profiles it declares;
#   - the public buyer's AGEC declaration, against data.gouv.fr's official TableSchema
#     (reference/schema-declaration-biens-reemploi-reutilisation-recycle/, vendored).
# Fails on any error frictionless reports, or when an export has no rows. Run by .ci/run.
#
#   scripts/validate-exports.sh
#   PORT=8099 KEEP=1 scripts/validate-exports.sh   # KEEP: leave the files in the work folder
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGET="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
VENV="$TARGET/validate-exports-venv"
FRICTIONLESS=frictionless==5.21.0
SCHEMA=reference/schema-declaration-biens-reemploi-reutilisation-recycle/schema.json
PORT="${PORT:-8098}"
BASE="http://127.0.0.1:$PORT"
server=
work="$(mktemp -d /tmp/terril-validate-exports.XXXXXX)"
cleanup() {
    [ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
    if [ -n "${KEEP:-}" ]; then echo "files kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if ! "$VENV/bin/frictionless" --version 2>/dev/null | grep -qx "${FRICTIONLESS#*==}"; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "$FRICTIONLESS"
fi
cargo build --quiet

# The package's resource is read back from this server, so its public URL is this one.
export TERRIL_DATABASE_URL="$work/terril.db" TERRIL_DATA_DIR="$work" \
    TERRIL_EMAIL__OUTBOX_DIR="$work/outbox" TERRIL_LISTEN="127.0.0.1:$PORT" \
    TERRIL_PUBLIC_BASE_URL="$BASE" TERRIL_LOG_FILTER=warn TERRIL_RATE_LIMIT__ENABLED=false
"$TARGET/debug/terril" serve > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
    curl -fs "$BASE/health/ready" > /dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.1
done

read -r buyer token < <(python3 scripts/validate-exports/exchanges.py "$BASE" "$work/outbox")
year=$(date -u +%Y)
curl -fsS "$BASE/api/v1/open-data/datapackage.json" -o "$work/datapackage.json"
curl -fsS "$BASE/api/v1/open-data/exchanges.csv" -o "$work/exchanges.csv"
curl -fsS -H "Authorization: Bearer $token" \
    "$BASE/api/v1/organisations/$buyer/agec-declaration?year=$year" -o "$work/agec.csv"
for file in exchanges.csv agec.csv; do
    echo "== $file"
    cat "$work/$file"
    [ "$(wc -l < "$work/$file")" -gt 1 ] || { echo "$file has no rows" >&2; exit 1; }
done

# frictionless refuses absolute paths as unsafe: it runs in the work folder, on copies.
cp "$SCHEMA" "$work/agec-schema.json"
cd "$work"
failed=0
echo "== frictionless validate datapackage.json (the open-data package and its CSV)"
"$VENV/bin/frictionless" validate datapackage.json || failed=1
echo "== frictionless validate --schema agec-schema.json agec.csv (data.gouv.fr's schema)"
"$VENV/bin/frictionless" validate --schema agec-schema.json agec.csv || failed=1
exit $failed
