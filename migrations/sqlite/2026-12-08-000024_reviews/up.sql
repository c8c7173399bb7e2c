-- Reviews after collection (issue 26): once a reservation is completed, each side may rate
-- the other once (1 to 5, a comment), and edit it for 14 days (the rule is
-- `reviews::EDITABLE_DAYS`). One row per reservation and author organisation.
CREATE TABLE reviews (
    id TEXT PRIMARY KEY NOT NULL,
    reservation_id TEXT NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
    author_organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    reviewed_organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    author_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (reservation_id, author_organisation_id)
);
-- An organisation's public page lists the reviews of it, newest first.
CREATE INDEX reviews_reviewed_idx ON reviews (reviewed_organisation_id, created_at);
