-- One queue for all background work (email delivery, matching, periodic housekeeping):
-- claimed with a lease, retried with backoff, dead-lettered after the last attempt.
-- Periodic jobs have one row each (`singleton`), so at most one runs at a time across
-- all instances.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    -- What the job is about: an outbox email, a listing, a wanted request; none for
    -- periodic jobs.
    subject_id TEXT,
    priority INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    singleton TEXT UNIQUE,
    runs INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_due_idx ON jobs (status, due_at);
CREATE INDEX jobs_subject_idx ON jobs (subject_id);

-- What was queued in the two queues this one replaces.
INSERT INTO jobs (id, kind, subject_id, priority, status, attempts, due_at, locked_until,
                  last_error, runs, created_at)
SELECT id, 'deliver_email', id, 0, CASE WHEN status = 'failed' THEN 'dead' ELSE 'queued' END,
       attempts, next_attempt_at, locked_until, last_error, 0, created_at
FROM outbox_emails WHERE status IN ('pending', 'failed');
INSERT INTO jobs (id, kind, subject_id, priority, status, attempts, due_at, locked_until,
                  last_error, runs, created_at)
SELECT id, 'match_' || post_kind, post_id, 0, 'queued', attempts, due_at, locked_until,
       NULL, 0, created_at
FROM match_jobs;
DROP TABLE match_jobs;

DROP INDEX outbox_emails_due_idx;
ALTER TABLE outbox_emails DROP COLUMN next_attempt_at;
ALTER TABLE outbox_emails DROP COLUMN locked_until;
