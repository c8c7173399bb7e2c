DROP INDEX wanted_material_idx;
DROP INDEX listings_waste_code_idx;
DROP INDEX listings_material_idx;
