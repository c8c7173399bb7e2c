DROP INDEX wanted_requests_site_idx;
DROP INDEX listings_site_idx;
ALTER TABLE wanted_requests DROP COLUMN site_id;
ALTER TABLE listings DROP COLUMN site_id;
DROP TABLE sites;
