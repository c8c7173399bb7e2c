-- Matching: pairs of a listing and a wanted request that fit each other, the reservations
-- made on them, the history of both, the queue of posts waiting to be matched, saved
-- searches, and what each user is told and how.
CREATE TABLE matches (
    id TEXT PRIMARY KEY NOT NULL,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    wanted_request_id TEXT NOT NULL REFERENCES wanted_requests (id) ON DELETE CASCADE,
    holder_organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    taker_organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    closed_reason TEXT,
    distance_km DOUBLE PRECISION NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    score_distance DOUBLE PRECISION NOT NULL,
    score_class DOUBLE PRECISION NOT NULL,
    score_quantity DOUBLE PRECISION NOT NULL,
    score_window DOUBLE PRECISION NOT NULL,
    score_carbon DOUBLE PRECISION NOT NULL,
    co2e_avoided_kg DOUBLE PRECISION,
    holder_interest TEXT NOT NULL,
    taker_interest TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- One match per pair, whichever side's matching run finds it first.
    UNIQUE (listing_id, wanted_request_id)
);
CREATE INDEX matches_wanted_idx ON matches (wanted_request_id);
CREATE INDEX matches_holder_idx ON matches (holder_organisation_id, score);
CREATE INDEX matches_taker_idx ON matches (taker_organisation_id, score);

CREATE TABLE reservations (
    id TEXT PRIMARY KEY NOT NULL,
    match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    wanted_request_id TEXT NOT NULL REFERENCES wanted_requests (id) ON DELETE CASCADE,
    quantity DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    status TEXT NOT NULL,
    mass_t DOUBLE PRECISION,
    co2e_avoided_kg DOUBLE PRECISION,
    requested_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX reservations_match_idx ON reservations (match_id);
CREATE INDEX reservations_listing_idx ON reservations (listing_id, status);

CREATE TABLE match_events (
    id TEXT PRIMARY KEY NOT NULL,
    match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    reservation_id TEXT REFERENCES reservations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    actor_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    note TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX match_events_match_idx ON match_events (match_id, id);

-- A post waiting to be matched. Written in the transaction that publishes or changes the
-- post, so a crash between the write and the matching loses nothing.
CREATE TABLE match_jobs (
    id TEXT PRIMARY KEY NOT NULL,
    post_kind TEXT NOT NULL,
    post_id TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    attempts INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX match_jobs_due_idx ON match_jobs (due_at);

CREATE TABLE saved_searches (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    material_code TEXT,
    include_subclasses BOOLEAN NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    radius_km DOUBLE PRECISION NOT NULL,
    worst_condition TEXT,
    max_price_per_unit_eur DOUBLE PRECISION,
    text TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX saved_searches_user_idx ON saved_searches (user_id);
CREATE INDEX saved_searches_material_idx ON saved_searches (material_code);

-- Each listing is announced once per saved search.
CREATE TABLE saved_search_hits (
    saved_search_id TEXT NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (saved_search_id, listing_id)
);

CREATE TABLE notification_preferences (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- What each user was told of each event: one row per event and recipient, whatever
-- retries, refreshes or concurrent workers do. Digest rows wait for their day's email.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    event_key TEXT NOT NULL,
    mode TEXT NOT NULL,
    summary TEXT NOT NULL,
    url TEXT NOT NULL,
    digest_day DATE NOT NULL,
    digested_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (event_key, user_id)
);
CREATE INDEX notifications_digest_idx ON notifications (mode, digested_at, digest_day);

-- RFC 8058 one-click unsubscribe: the URL for the List-Unsubscribe header.
ALTER TABLE outbox_emails ADD COLUMN list_unsubscribe TEXT;
-- A Message-ID derived from an event and a recipient is queued once.
CREATE UNIQUE INDEX outbox_emails_message_id_idx ON outbox_emails (message_id);
