CREATE TABLE exchange_impacts_old (
    reservation_id TEXT PRIMARY KEY NOT NULL REFERENCES reservations (id),
    giver_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    receiver_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    material_code TEXT NOT NULL,
    family_code TEXT NOT NULL,
    completed_at TIMESTAMP NOT NULL,
    month TEXT NOT NULL,
    tonnes DOUBLE NOT NULL,
    tonne_km DOUBLE NOT NULL,
    vehicle TEXT NOT NULL,
    transport_kg DOUBLE NOT NULL,
    avoided_kg DOUBLE,
    net_kg DOUBLE,
    method_version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    price_eur DOUBLE,
    origin_commune TEXT,
    origin_epci TEXT,
    origin_department TEXT,
    origin_region TEXT,
    destination_commune TEXT,
    register TEXT
);
INSERT INTO exchange_impacts_old SELECT * FROM exchange_impacts WHERE tonnes IS NOT NULL;
DROP TABLE exchange_impacts;
ALTER TABLE exchange_impacts_old RENAME TO exchange_impacts;
CREATE INDEX exchange_impacts_giver_idx ON exchange_impacts (giver_organisation_id, month);
CREATE INDEX exchange_impacts_receiver_idx ON exchange_impacts (receiver_organisation_id, month);
