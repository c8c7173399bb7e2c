-- Every event gets a stable id (a UUID; an entry of a match's history shares its entry's),
-- the key of the emails about it and of the webhook deliveries to come. Events written
-- before have none.
ALTER TABLE events ADD COLUMN id TEXT;
CREATE UNIQUE INDEX events_id_idx ON events (id);

-- Where each durable reader of the event feed stands (the emails derived from events; the
-- webhook endpoints to come): its cursor moves in the transaction that did the work for
-- the events it passed, so each event is acted on once. The emails of events written
-- before this table existed were sent when they happened, so the reader of emails starts
-- at the end of the feed.
CREATE TABLE feed_cursors (
    name TEXT PRIMARY KEY NOT NULL,
    transaction_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO feed_cursors (name, transaction_id, position, updated_at)
SELECT 'notices',
       COALESCE((SELECT transaction_id FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1), 0),
       COALESCE((SELECT position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1), 0),
       CURRENT_TIMESTAMP;
