-- A need written from a listing's page ("Réserver", "Écrire au détenteur"): it names the
-- one listing it was written for, is only ever matched with it, and is kept out of the
-- search index (public search, other holders' matches). NULL for a need posted by hand.
ALTER TABLE wanted_requests ADD COLUMN for_listing_id TEXT REFERENCES listings (id) ON DELETE CASCADE;
-- Finding the need an organisation already wrote for a listing.
CREATE INDEX wanted_for_listing_idx ON wanted_requests (for_listing_id, organisation_id)
    WHERE for_listing_id IS NOT NULL;
