DROP TABLE feed_cursors;
DROP INDEX events_id_idx;
ALTER TABLE events DROP COLUMN id;
