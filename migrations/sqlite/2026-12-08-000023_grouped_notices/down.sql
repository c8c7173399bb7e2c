DROP INDEX notifications_waiting_idx;
ALTER TABLE notifications DROP COLUMN details;
ALTER TABLE notifications DROP COLUMN sent_in;
ALTER TABLE notifications DROP COLUMN send_after;
