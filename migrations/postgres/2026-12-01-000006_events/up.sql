-- Domain events: one row for every state change, appended in the transaction that makes
-- it. Readers follow them in (transaction_id, position) order and read only below the
-- oldest transaction still running (see src/db/events.rs), so a late commit is never
-- skipped. No foreign keys: the history outlives what it tells of.
CREATE TABLE events (
    position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
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
