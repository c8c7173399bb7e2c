-- Foreign keys to the reference tables get indexes: finding the posts of a class is a
-- common query (matching), and a change to a reference row must not scan every post.
CREATE INDEX listings_material_idx ON listings (material_code);
CREATE INDEX listings_waste_code_idx ON listings (waste_code);
CREATE INDEX wanted_material_idx ON wanted_requests (material_code);
