-- An exchange whose mass is not known (pieces or a volume of a class with no sourced piece
-- mass or density, not weighed) is still an exchange: it counts in the exchanges given and
-- received and in the public-procurement declaration, with no tonnes and no figure.
-- SQLite cannot drop NOT NULL in place: the table is rebuilt (nothing references it).
CREATE TABLE exchange_impacts_new (
    reservation_id TEXT PRIMARY KEY NOT NULL REFERENCES reservations (id),
    giver_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    receiver_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    material_code TEXT NOT NULL,
    family_code TEXT NOT NULL,
    completed_at TIMESTAMP NOT NULL,
    month TEXT NOT NULL,
    tonnes DOUBLE,
    tonne_km DOUBLE,
    vehicle TEXT NOT NULL,
    transport_kg DOUBLE,
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
INSERT INTO exchange_impacts_new SELECT reservation_id, giver_organisation_id,
    receiver_organisation_id, material_code, family_code, completed_at, month, tonnes,
    tonne_km, vehicle, transport_kg, avoided_kg, net_kg, method_version, snapshot, price_eur,
    origin_commune, origin_epci, origin_department, origin_region, destination_commune,
    register
FROM exchange_impacts;
DROP TABLE exchange_impacts;
ALTER TABLE exchange_impacts_new RENAME TO exchange_impacts;
CREATE INDEX exchange_impacts_giver_idx ON exchange_impacts (giver_organisation_id, month);
CREATE INDEX exchange_impacts_receiver_idx ON exchange_impacts (receiver_organisation_id, month);
