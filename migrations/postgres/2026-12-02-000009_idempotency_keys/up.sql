-- The answers to POSTs sent with an Idempotency-Key, kept 24 hours so that a retry with
-- the same key (from the same caller) gets the first answer again, from any instance.
-- `status` is NULL while the first request runs.
CREATE TABLE idempotency_keys (
    caller TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    location TEXT,
    body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
