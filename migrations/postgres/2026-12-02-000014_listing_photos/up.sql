-- The photos of a listing (at most 8). The images themselves are in the photo store (a
-- folder, or S3-compatible object storage shared by every instance), under
-- `photos/<id>/full.jpg` and `photos/<id>/thumb.jpg`: re-encoded, without metadata.
CREATE TABLE listing_photos (
    id TEXT PRIMARY KEY NOT NULL,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX listing_photos_listing_idx ON listing_photos (listing_id, id);
