-- One event (or test message) for one endpoint. Its body is written when the event is
-- fanned out, so every attempt sends the same `webhook-id` and the same bytes; the
-- delivery job (`jobs`, kind `deliver_webhook`) schedules the attempts. `held` is an
-- event for an endpoint that was disabled: sent when the endpoint is enabled again.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id TEXT,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TIMESTAMP,
    next_attempt_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
-- An event is fanned out to an endpoint once, however often the fan-out is repeated.
CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries (endpoint_id, event_id);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_created_idx ON webhook_deliveries (created_at);

-- Every attempt: what the receiver answered, how long it took, or why it failed.
CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    status_code INTEGER,
    duration_ms INTEGER NOT NULL,
    error TEXT
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempted_at);

-- Since when every attempt to the endpoint has failed (none since the last success), and
-- why it is disabled (`by_admin`, or `failing` when Terril disabled it).
ALTER TABLE webhook_endpoints ADD COLUMN failing_since TIMESTAMP;
ALTER TABLE webhook_endpoints ADD COLUMN disabled_reason TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN disabled_at TIMESTAMP;

-- Events written before webhooks were delivered are not sent.
INSERT INTO feed_cursors (name, transaction_id, position, updated_at)
SELECT 'webhooks',
       COALESCE((SELECT transaction_id FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1), 0),
       COALESCE((SELECT position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1), 0),
       CURRENT_TIMESTAMP;
