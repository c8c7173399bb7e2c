#!/usr/bin/env bash
# Lighthouse (npm, pinned below; run with Debian's Chromium) on the pages people land on:
# home, search, a listing and a match, with the mobile profile, in French. Prints the four
# category scores of each page; run by hand, the figures are quoted in notes (not in CI:
# scores move with the machine's load). Uses target/release/terril unless TERRIL_BIN says
# otherwise, a fresh SQLite database with the demo catalogue, two organisations signed up
# through the API, a listing and a wanted request that match, and a page session for the
# match page.
#   bash scripts/lighthouse.sh            # writes target/lighthouse/*.json
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

LIGHTHOUSE_VERSION=13.5.0
PORT="${PORT:-8096}"
BASE="http://127.0.0.1:$PORT"
BIN="${TERRIL_BIN:-target/release/terril}"
OUT=target/lighthouse
TOOLS=target/lighthouse-tools
server=
work="$(mktemp -d /tmp/terril-lighthouse.XXXXXX)"
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

[ -x "$BIN" ] || { echo "no $BIN: cargo build --release first, or set TERRIL_BIN" >&2; exit 1; }
[ -x "$TOOLS/node_modules/.bin/lighthouse" ] \
    || npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
mkdir -p "$OUT"

export TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=warn TERRIL_PUBLIC_BASE_URL="$BASE"
export TERRIL_DATABASE_URL="$work/terril.db" TERRIL_DATA_DIR="$work" TERRIL_EMAIL__OUTBOX_DIR="$work/outbox"
export TERRIL_RATE_LIMIT__ENABLED=false
# This machine cannot reach a public tile server, and a tile that fails to load is a console
# error Lighthouse counts: a local server answers every tile with a plain 256-pixel PNG.
TILE_PORT=$((PORT + 1))
python3 - "$TILE_PORT" > /dev/null 2>&1 <<'PY' &
import http.server, struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\x00" + b"\xe8\xea\xe4" * 256 for _ in range(256))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
class Tiles(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(png)))
        self.end_headers()
        self.wfile.write(png)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Tiles).serve_forever()
PY
tiles=$!
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; kill "$tiles" 2>/dev/null || true; rm -rf "$work"' EXIT
export TERRIL_WEB__MAP__TILE_URL="http://127.0.0.1:$TILE_PORT/{z}/{x}/{y}.png"
"$BIN" demo > /dev/null
"$BIN" serve > "$work/server.log" 2>&1 &
server=$!
until curl -fs "$BASE/health/ready" > /dev/null; do sleep 0.2; done

source scripts/sign-up.sh
holder=$(sign_up "$BASE" "$work/outbox" holder)
rm -f "$work"/outbox/*.eml
taker=$(sign_up "$BASE" "$work/outbox" taker)

post() {
    curl -fsS -X POST "$BASE$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3"
}
id_of() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }
listing=$(post "/api/v1/listings?publish=true" "$holder" '{"title": "Briques pleines de récupération",
  "description": "Environ 3000 briques rouges, déjà nettoyées.", "material": "construction.masonry.bricks",
  "quantity": 3000, "unit": "piece", "min_lot": 500, "condition": "reusable_as_is",
  "location": {"latitude": 50.432, "longitude": 2.833, "address": "Rue de la Gare, Lens", "insee_code": "62498"},
  "available_from": "2026-01-01", "available_until": "2030-12-31", "price_per_unit_eur": 0.3}' | id_of)
post "/api/v1/wanted?publish=true" "$taker" '{"title": "Briques pour une extension",
  "material": "construction.masonry", "quantity": 1000, "unit": "piece",
  "location": {"latitude": 50.6292, "longitude": 3.0573, "address": "Lille"}, "max_distance_km": 50,
  "needed_from": "2026-01-01", "needed_until": "2030-06-30", "worst_condition": "needs_reconditioning"}' > /dev/null
match=
for _ in $(seq 1 100); do
    match=$(curl -fsS "$BASE/api/v1/matches" -H "Authorization: Bearer $taker" \
        | python3 -c 'import json, sys; d = json.load(sys.stdin)["items"]; print(d[0]["id"] if d else "")')
    [ -n "$match" ] && break
    sleep 0.2
done
[ -n "$match" ] || { echo "no match was made" >&2; exit 1; }

# A page session for the taker: the sign-in form, as a browser sends it.
jar="$work/cookies"
csrf=$(curl -fsS -c "$jar" "$BASE/sign-in" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | cut -d'"' -f4)
curl -fsS -o /dev/null -b "$jar" -c "$jar" -X POST "$BASE/sign-in" \
    --data-urlencode "csrf=$csrf" --data-urlencode "email=taker@example.org" \
    --data-urlencode "password=a long taker passphrase"
# (curl writes HttpOnly cookies as lines starting "#HttpOnly_".)
cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }')
curl -fsS -H "Cookie: $cookie" "$BASE/matches/$match" | grep -q 'class="parts"' \
    || { echo "the page session does not open the match page" >&2; exit 1; }

run() {
    local name=$1 path=$2 headers=$3
    CHROME_PATH="${CHROMIUM:-/usr/bin/chromium}" "$TOOLS/node_modules/.bin/lighthouse" "$BASE$path" \
        --quiet --output=json --output-path="$OUT/$name.json" --locale=fr \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --lang=fr" \
        --extra-headers="$headers"
    python3 - "$OUT/$name.json" "$name" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
if report["finalDisplayedUrl"] != report["requestedUrl"]:
    sys.exit(f'{sys.argv[2]}: sent to {report["finalDisplayedUrl"]}')
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
print(f'{sys.argv[2]:8} ' + '  '.join(f'{k} {v}' for k, v in scores.items()))
PY
}
french='{"Accept-Language": "fr-FR,fr"}'
signed_in="{\"Accept-Language\": \"fr-FR,fr\", \"Cookie\": \"$cookie\"}"
echo "Lighthouse $LIGHTHOUSE_VERSION, mobile profile, $BIN"
run home "/" "$french"
run search "/search?place=Lens&radius_km=50" "$french"
run listing "/listings/$listing" "$french"
run match "/matches/$match" "$signed_in"
