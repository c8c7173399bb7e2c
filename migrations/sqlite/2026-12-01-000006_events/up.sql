-- Domain events: one row for every state change, appended in the transaction that makes
-- it. SQLite has one writer at a time, so positions commit in order and readers follow
-- them alone; transaction_id is PostgreSQL's (see src/db/events.rs) and stays 0 here.
CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    transaction_id BIGINT NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    listing_id TEXT,
    wanted_request_id TEXT,
    match_id TEXT,
    reservation_id TEXT,
    holder_organisation_id TEXT,
    taker_organisation_id TEXT,
    actor_organisation_id TEXT,
    actor_user_id TEXT,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX events_feed_idx ON events (transaction_id, position);
