DROP INDEX wanted_for_listing_idx;
ALTER TABLE wanted_requests DROP COLUMN for_listing_id;
