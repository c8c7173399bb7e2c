-- One row per completed reservation: what was collected and its net CO2e, with the
-- snapshot of every input (factor values and sources, method version, distance, vehicle)
-- as JSON. Written once at completion and never recomputed; the reports add these rows
-- up. The origin's commune, EPCI, department and region are the gazetteer's, at the time
-- of completion, so territory reports need no join.
CREATE TABLE exchange_impacts (
    reservation_id TEXT PRIMARY KEY NOT NULL REFERENCES reservations (id),
    giver_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    receiver_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    material_code TEXT NOT NULL,
    family_code TEXT NOT NULL,
    completed_at TIMESTAMP NOT NULL,
    month TEXT NOT NULL,
    tonnes DOUBLE PRECISION NOT NULL,
    tonne_km DOUBLE PRECISION NOT NULL,
    vehicle TEXT NOT NULL,
    transport_kg DOUBLE PRECISION NOT NULL,
    avoided_kg DOUBLE PRECISION,
    net_kg DOUBLE PRECISION,
    method_version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    price_eur DOUBLE PRECISION,
    origin_commune TEXT,
    origin_epci TEXT,
    origin_department TEXT,
    origin_region TEXT,
    destination_commune TEXT
);
CREATE INDEX exchange_impacts_giver_idx ON exchange_impacts (giver_organisation_id, month);
CREATE INDEX exchange_impacts_receiver_idx ON exchange_impacts (receiver_organisation_id, month);
CREATE INDEX exchange_impacts_commune_idx ON exchange_impacts (origin_commune, month);
CREATE INDEX exchange_impacts_epci_idx ON exchange_impacts (origin_epci, month);
CREATE INDEX exchange_impacts_department_idx ON exchange_impacts (origin_department, month);
CREATE INDEX exchange_impacts_region_idx ON exchange_impacts (origin_region, month);
