-- What territory reports and the open-data export add up, kept as exchanges complete so
-- that a report reads a few rows per month and class family, however many exchanges a
-- region has: one cell per territory (commune, EPCI, department or region the material
-- left), month and class family, and the organisations (givers and receivers) of each
-- cell, whose count decides whether the cell may be shown publicly.
CREATE TABLE impact_cells (
    level TEXT NOT NULL,
    code TEXT NOT NULL,
    month TEXT NOT NULL,
    family_code TEXT NOT NULL,
    exchanges BIGINT NOT NULL,
    tonnes DOUBLE PRECISION NOT NULL,
    net_kg DOUBLE PRECISION NOT NULL,
    tonne_km DOUBLE PRECISION NOT NULL,
    -- Distinct organisations, givers and receivers: the rows of impact_cell_organisations
    -- for the cell, counted as they are added so that reports need not count them.
    organisations BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (level, code, month, family_code)
);
CREATE TABLE impact_cell_organisations (
    level TEXT NOT NULL,
    code TEXT NOT NULL,
    month TEXT NOT NULL,
    family_code TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (level, code, month, family_code, organisation_id)
);

INSERT INTO impact_cells (level, code, month, family_code, exchanges, tonnes, net_kg, tonne_km)
SELECT 'commune', origin_commune, month, family_code, COUNT(*), SUM(tonnes),
       COALESCE(SUM(net_kg), 0), SUM(tonne_km)
FROM exchange_impacts WHERE origin_commune IS NOT NULL
GROUP BY origin_commune, month, family_code;
INSERT INTO impact_cell_organisations (level, code, month, family_code, organisation_id)
SELECT DISTINCT 'commune', origin_commune, month, family_code, giver_organisation_id
FROM exchange_impacts WHERE origin_commune IS NOT NULL
UNION
SELECT DISTINCT 'commune', origin_commune, month, family_code, receiver_organisation_id
FROM exchange_impacts WHERE origin_commune IS NOT NULL;

INSERT INTO impact_cells (level, code, month, family_code, exchanges, tonnes, net_kg, tonne_km)
SELECT 'epci', origin_epci, month, family_code, COUNT(*), SUM(tonnes),
       COALESCE(SUM(net_kg), 0), SUM(tonne_km)
FROM exchange_impacts WHERE origin_epci IS NOT NULL
GROUP BY origin_epci, month, family_code;
INSERT INTO impact_cell_organisations (level, code, month, family_code, organisation_id)
SELECT DISTINCT 'epci', origin_epci, month, family_code, giver_organisation_id
FROM exchange_impacts WHERE origin_epci IS NOT NULL
UNION
SELECT DISTINCT 'epci', origin_epci, month, family_code, receiver_organisation_id
FROM exchange_impacts WHERE origin_epci IS NOT NULL;

INSERT INTO impact_cells (level, code, month, family_code, exchanges, tonnes, net_kg, tonne_km)
SELECT 'department', origin_department, month, family_code, COUNT(*), SUM(tonnes),
       COALESCE(SUM(net_kg), 0), SUM(tonne_km)
FROM exchange_impacts WHERE origin_department IS NOT NULL
GROUP BY origin_department, month, family_code;
INSERT INTO impact_cell_organisations (level, code, month, family_code, organisation_id)
SELECT DISTINCT 'department', origin_department, month, family_code, giver_organisation_id
FROM exchange_impacts WHERE origin_department IS NOT NULL
UNION
SELECT DISTINCT 'department', origin_department, month, family_code, receiver_organisation_id
FROM exchange_impacts WHERE origin_department IS NOT NULL;

INSERT INTO impact_cells (level, code, month, family_code, exchanges, tonnes, net_kg, tonne_km)
SELECT 'region', origin_region, month, family_code, COUNT(*), SUM(tonnes),
       COALESCE(SUM(net_kg), 0), SUM(tonne_km)
FROM exchange_impacts WHERE origin_region IS NOT NULL
GROUP BY origin_region, month, family_code;
INSERT INTO impact_cell_organisations (level, code, month, family_code, organisation_id)
SELECT DISTINCT 'region', origin_region, month, family_code, giver_organisation_id
FROM exchange_impacts WHERE origin_region IS NOT NULL
UNION
SELECT DISTINCT 'region', origin_region, month, family_code, receiver_organisation_id
FROM exchange_impacts WHERE origin_region IS NOT NULL;

UPDATE impact_cells SET organisations = (
    SELECT COUNT(*) FROM impact_cell_organisations AS o
    WHERE o.level = impact_cells.level AND o.code = impact_cells.code
      AND o.month = impact_cells.month AND o.family_code = impact_cells.family_code);

-- Territory reports read the cells now: the origin indexes of exchange_impacts go.
DROP INDEX exchange_impacts_commune_idx;
DROP INDEX exchange_impacts_epci_idx;
DROP INDEX exchange_impacts_department_idx;
DROP INDEX exchange_impacts_region_idx;
