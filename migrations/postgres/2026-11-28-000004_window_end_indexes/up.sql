-- The expiry job looks for posts whose window has closed; without these it would read
-- every post once a minute.
CREATE INDEX listings_available_until_idx ON listings (available_until);
CREATE INDEX wanted_needed_until_idx ON wanted_requests (needed_until);
