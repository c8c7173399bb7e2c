-- An organisation's sites, its address book: where its material lies or is needed (a
-- depot, a works site), with what a taker needs to get there (access notes, a phone).
-- Posts may name one (`site_id`); their place is then copied from it when they are
-- written, so a post keeps its place if the site changes or goes.
CREATE TABLE sites (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    insee_code TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    access_notes TEXT NOT NULL,
    contact_phone TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX sites_organisation_idx ON sites (organisation_id, name);
ALTER TABLE listings ADD COLUMN site_id TEXT REFERENCES sites (id) ON DELETE SET NULL;
ALTER TABLE wanted_requests ADD COLUMN site_id TEXT REFERENCES sites (id) ON DELETE SET NULL;
CREATE INDEX listings_site_idx ON listings (site_id);
CREATE INDEX wanted_requests_site_idx ON wanted_requests (site_id);
