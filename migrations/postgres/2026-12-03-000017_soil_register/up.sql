-- What the register of excavated soils and sediments (RNDTS) needs: on a listing, its
-- prior-acceptance reference, POP flag and origin parcels (JSON, domain::soil::SoilDetails);
-- on a completed exchange, the line's details as recorded at completion (JSON,
-- impact::rndts::RegisterLine). Both empty for every other material.
ALTER TABLE listings ADD COLUMN soil TEXT;
ALTER TABLE exchange_impacts ADD COLUMN register TEXT;
