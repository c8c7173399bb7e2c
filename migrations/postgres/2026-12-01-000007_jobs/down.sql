ALTER TABLE outbox_emails ADD COLUMN next_attempt_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
ALTER TABLE outbox_emails ADD COLUMN locked_until TIMESTAMP;
CREATE INDEX outbox_emails_due_idx ON outbox_emails (status, next_attempt_at);
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
INSERT INTO match_jobs (id, post_kind, post_id, due_at, locked_until, attempts, created_at)
SELECT id, substr(kind, 7), subject_id, due_at, locked_until, attempts, created_at
FROM jobs WHERE kind IN ('match_listing', 'match_wanted');
DROP TABLE jobs;
