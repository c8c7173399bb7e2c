DROP INDEX wanted_needed_until_idx;
DROP INDEX listings_available_until_idx;
