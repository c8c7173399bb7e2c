DROP TABLE wanted_requests;
DROP TABLE listings;
DROP TABLE material_classes;
DROP TABLE waste_codes;
