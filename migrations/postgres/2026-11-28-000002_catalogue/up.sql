-- The catalogue: reference data (material classes, List of Waste codes), listings (supply)
-- and wanted requests (demand). Reference rows are loaded from `reference/*.json` at
-- start-up, idempotently.
CREATE TABLE waste_codes (
    code TEXT PRIMARY KEY NOT NULL,
    hazardous BOOLEAN NOT NULL,
    label_en TEXT NOT NULL,
    label_fr TEXT NOT NULL
);

CREATE TABLE material_classes (
    code TEXT PRIMARY KEY NOT NULL,
    parent_code TEXT REFERENCES material_classes (code),
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    default_unit TEXT NOT NULL,
    units TEXT NOT NULL,
    density_t_per_m3 DOUBLE PRECISION,
    mass_per_piece_t DOUBLE PRECISION,
    waste_codes TEXT NOT NULL,
    embodied_kgco2e_per_t DOUBLE PRECISION,
    carbon_source TEXT
);

CREATE TABLE listings (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    material_code TEXT NOT NULL REFERENCES material_classes (code),
    quantity DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    mass_t DOUBLE PRECISION,
    quantity_available DOUBLE PRECISION NOT NULL,
    min_lot DOUBLE PRECISION NOT NULL,
    condition TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    address TEXT NOT NULL,
    insee_code TEXT,
    available_from DATE NOT NULL,
    available_until DATE,
    price_per_unit_eur DOUBLE PRECISION NOT NULL,
    is_waste BOOLEAN NOT NULL,
    waste_code TEXT REFERENCES waste_codes (code),
    hazardous BOOLEAN NOT NULL,
    pickup BOOLEAN NOT NULL,
    delivery BOOLEAN NOT NULL,
    delivery_radius_km DOUBLE PRECISION,
    external_ref TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX listings_organisation_idx ON listings (organisation_id, id);
-- Instances poll this to keep their in-memory search index in step with the database.
CREATE INDEX listings_updated_idx ON listings (updated_at);
CREATE UNIQUE INDEX listings_external_ref_idx ON listings (organisation_id, external_ref);

CREATE TABLE wanted_requests (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    material_code TEXT NOT NULL REFERENCES material_classes (code),
    quantity DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    mass_t DOUBLE PRECISION,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    address TEXT NOT NULL,
    insee_code TEXT,
    max_distance_km DOUBLE PRECISION NOT NULL,
    needed_from DATE NOT NULL,
    needed_until DATE,
    worst_condition TEXT NOT NULL,
    max_price_per_unit_eur DOUBLE PRECISION,
    accepts_waste BOOLEAN NOT NULL,
    accepts_hazardous BOOLEAN NOT NULL,
    external_ref TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX wanted_organisation_idx ON wanted_requests (organisation_id, id);
CREATE INDEX wanted_updated_idx ON wanted_requests (updated_at);
CREATE UNIQUE INDEX wanted_external_ref_idx ON wanted_requests (organisation_id, external_ref);
