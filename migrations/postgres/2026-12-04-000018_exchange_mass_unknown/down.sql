DELETE FROM exchange_impacts WHERE tonnes IS NULL;
ALTER TABLE exchange_impacts ALTER COLUMN transport_kg SET NOT NULL;
ALTER TABLE exchange_impacts ALTER COLUMN tonne_km SET NOT NULL;
ALTER TABLE exchange_impacts ALTER COLUMN tonnes SET NOT NULL;
