#!/usr/bin/env bash
# Times the public territory reports over EXCHANGES completed exchanges (1,000,000 by
# default), all leaving communes of Hauts-de-France (region 32) over 24 months, between
# 2,000 organisations, in 23 class families, on PostgreSQL (database terril_bench_impact at
# 127.0.0.1:5432, kept between runs).
#
#   scripts/bench/impact-report.sh
#   EXCHANGES=100000 RUNS=20 scripts/bench/impact-report.sh
#
# The exchanges are written straight into exchange_impacts by SQL (no listings, matches or
# reservations behind them: the bench drops those foreign keys in its own database), then
# the per-territory cells are summed from them as the migration that made the cells
# backfilled them. Prints, for the region, a department, an EPCI and a commune, the time
# of each of RUNS requests (curl's total time), then the median and the slowest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

EXCHANGES="${EXCHANGES:-1000000}"
RUNS="${RUNS:-10}"
PORT="${PORT:-8098}"
DB=terril_bench_impact
URL="postgres://postgres@127.0.0.1:5432/$DB"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d /tmp/terril-impact-bench.XXXXXX)"
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT

cargo build --release --quiet
BIN=target/release/terril
export TERRIL_DATABASE_URL="$URL" TERRIL_LISTEN="127.0.0.1:$PORT" TERRIL_LOG_FILTER=warn
export TERRIL_RATE_LIMIT__ENABLED=false TERRIL_EMAIL__OUTBOX_DIR="$WORK/outbox"

if [ "$(psql "$URL" -Atc 'SELECT count(*) FROM exchange_impacts' 2>/dev/null)" != "$EXCHANGES" ]; then
    echo "== writing $EXCHANGES exchanges"
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
    "$BIN" migrate
    start=$(date +%s.%N)
    psql "$URL" -q -v ON_ERROR_STOP=1 -v n="$EXCHANGES" <<'SQL'
ALTER TABLE exchange_impacts
    DROP CONSTRAINT exchange_impacts_reservation_id_fkey,
    DROP CONSTRAINT exchange_impacts_giver_organisation_id_fkey,
    DROP CONSTRAINT exchange_impacts_receiver_organisation_id_fkey;
ALTER TABLE impact_cell_organisations DROP CONSTRAINT impact_cell_organisations_organisation_id_fkey;
CREATE TEMP TABLE communes (insee_code text, name text, postcodes text, department text,
    region text, epci text, population int, latitude float8, longitude float8, precision text);
\copy communes FROM 'reference/communes.csv' CSV HEADER
CREATE TEMP TABLE hdf AS
    SELECT (row_number() OVER (ORDER BY insee_code)) - 1 AS n, insee_code, department, region,
           NULLIF(epci, '') AS epci
    FROM communes WHERE region = '32';
CREATE TEMP TABLE families AS
    SELECT (ordinality - 1) AS n, code FROM unnest(ARRAY['construction.masonry',
    'construction.concrete', 'construction.stone', 'construction.timber', 'construction.metals',
    'construction.roofing', 'construction.doors_windows', 'construction.glass',
    'construction.sanitary', 'construction.flooring', 'construction.insulation',
    'construction.plaster', 'construction.electrical', 'construction.fixtures',
    'textiles.production_offcuts', 'textiles.deadstock', 'textiles.post_consumer',
    'textiles.fibres', 'sediments.marine_dredged', 'sediments.river_dredged',
    'sediments.excavated_soil', 'sediments.rock', 'sediments.sand_gravel'])
    WITH ORDINALITY AS f(code, ordinality);
INSERT INTO exchange_impacts
SELECT 'bench-' || g, 'org-' || (g % 2000), 'org-' || ((g * 7 + 3) % 2000),
       f.code || '.x', f.code, at, to_char(at, 'YYYY-MM'), t, t * 40, 'rigid_over_17',
       t * 40 * 0.20882, t * 200, t * 200 - t * 40 * 0.20882, 2, '{}', t * 10,
       c.insee_code, c.epci, c.department, c.region, NULL
FROM (SELECT g, timestamp '2025-01-01' + (g % 730) * interval '1 day' AS at,
             1 + (g % 97) / 10.0 AS t
      FROM generate_series(1::bigint, :n) AS g) AS e
JOIN hdf AS c ON c.n = (g * 40503) % (SELECT count(*) FROM hdf)
JOIN families AS f ON f.n = (g * 31) % 23;
-- The cells, summed as the migration 2026-12-03-000016_impact_cells backfilled them.
INSERT INTO impact_cells
SELECT l.level, l.code, e.month, e.family_code, COUNT(*), SUM(e.tonnes),
       COALESCE(SUM(e.net_kg), 0), SUM(e.tonne_km)
FROM exchange_impacts AS e
CROSS JOIN LATERAL (VALUES ('commune', e.origin_commune), ('epci', e.origin_epci),
    ('department', e.origin_department), ('region', e.origin_region)) AS l(level, code)
WHERE l.code IS NOT NULL
GROUP BY l.level, l.code, e.month, e.family_code;
INSERT INTO impact_cell_organisations
SELECT DISTINCT l.level, l.code, e.month, e.family_code, o.id
FROM exchange_impacts AS e
CROSS JOIN LATERAL (VALUES ('commune', e.origin_commune), ('epci', e.origin_epci),
    ('department', e.origin_department), ('region', e.origin_region)) AS l(level, code)
CROSS JOIN LATERAL (VALUES (e.giver_organisation_id), (e.receiver_organisation_id)) AS o(id)
WHERE l.code IS NOT NULL;
UPDATE impact_cells AS c SET organisations = o.n
FROM (SELECT level, code, month, family_code, COUNT(*) AS n FROM impact_cell_organisations
      GROUP BY level, code, month, family_code) AS o
WHERE (c.level, c.code, c.month, c.family_code) = (o.level, o.code, o.month, o.family_code);
ANALYZE;
SQL
    echo "written in $(echo "$(date +%s.%N) - $start" | bc) s"
else
    echo "== reusing $DB ($EXCHANGES exchanges)"
fi
psql "$URL" -Atc "SELECT 'cells: ' || count(*) FROM impact_cells"
psql "$URL" -Atc "SELECT 'cell organisations: ' || count(*) FROM impact_cell_organisations"

"$BIN" serve --no-worker > "$WORK/server.log" 2>&1 &
server=$!
until curl -fs "$BASE/health/ready" > /dev/null; do sleep 0.1; done

epci=$(psql "$URL" -Atc "SELECT code FROM impact_cells WHERE level = 'epci' GROUP BY code ORDER BY sum(exchanges) DESC LIMIT 1")
commune=$(psql "$URL" -Atc "SELECT code FROM impact_cells WHERE level = 'commune' GROUP BY code ORDER BY sum(exchanges) DESC LIMIT 1")
for path in region/32 department/62 "epci/$epci" "commune/$commune"; do
    url="$BASE/api/v1/territories/$path/impact?from=2025-01&until=2026-12"
    curl -fs "$url" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("'"$path"':", r["totals"]["exchanges"], "exchanges shown,", len(r["lines"]), "lines,", r["withheld_lines"], "withheld")'
    for _ in $(seq 1 "$RUNS"); do curl -fs -o /dev/null -w '%{time_total}\n' "$url"; done \
        | sort -n | awk '{t[NR]=$1} END {printf "  median %.1f ms, slowest %.1f ms over %d\n", t[int((NR+1)/2)]*1000, t[NR]*1000, NR}'
done
