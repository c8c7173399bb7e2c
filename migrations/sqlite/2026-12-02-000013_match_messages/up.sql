-- The thread of a match: messages between its two organisations. A message's id is also
-- the id of its `match.message_posted` event, which tells the other side.
CREATE TABLE match_messages (
    id TEXT PRIMARY KEY NOT NULL,
    match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX match_messages_match_idx ON match_messages (match_id, created_at);
CREATE INDEX match_messages_organisation_idx ON match_messages (organisation_id);
CREATE INDEX match_messages_user_idx ON match_messages (user_id);
