-- The sessions of people signed in to the web pages. The session cookie holds a secret
-- whose SHA-256 is `token_hash`; signing out deletes the row, so the cookie is then worth
-- nothing even if it was copied. A session ends at `expires_at`, or after `idle` time
-- without use (checked against `last_seen_at`, which is written at most once a minute).
CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);
CREATE INDEX web_sessions_expires_at_idx ON web_sessions (expires_at);
