ALTER TABLE sites DROP COLUMN pickup_slots;
