-- When each side of a match last read its thread: a message of the other side written
-- after it is unread (the dashboard lists those matches). One row per match and
-- organisation, written when someone of that organisation opens the match's page.
CREATE TABLE match_reads (
    match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    read_at TIMESTAMP NOT NULL,
    PRIMARY KEY (match_id, organisation_id)
);
CREATE INDEX match_reads_organisation_idx ON match_reads (organisation_id);
