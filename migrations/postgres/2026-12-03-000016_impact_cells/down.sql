CREATE INDEX exchange_impacts_commune_idx ON exchange_impacts (origin_commune, month);
CREATE INDEX exchange_impacts_epci_idx ON exchange_impacts (origin_epci, month);
CREATE INDEX exchange_impacts_department_idx ON exchange_impacts (origin_department, month);
CREATE INDEX exchange_impacts_region_idx ON exchange_impacts (origin_region, month);
DROP TABLE impact_cell_organisations;
DROP TABLE impact_cells;
