-- A match notice a user takes "immediately" waits a few minutes
-- (TERRIL_EMAIL__MATCH_GROUPING_SECS), so that the matches found meanwhile go out in one
-- email with it (notify/grouped.rs).
-- send_after: when its group may go; NULL for every other notice (emailed at once, a
--   digest line, or not told), and set back to NULL when a waiting notice is not sent
--   after all (the user chose the digest or never since, or its match closed).
-- sent_in: the id of the notice that names the email it went out in: the first of its
--   group (its own id when alone), whose event and recipient derive the Message-ID.
-- details: the email's template and variables, as JSON, while it waits.
ALTER TABLE notifications ADD COLUMN send_after TIMESTAMP;
ALTER TABLE notifications ADD COLUMN sent_in TEXT;
ALTER TABLE notifications ADD COLUMN details TEXT;
-- The notices that wait for their group, and only those.
CREATE INDEX notifications_waiting_idx ON notifications (send_after)
    WHERE send_after IS NOT NULL AND sent_in IS NULL;
