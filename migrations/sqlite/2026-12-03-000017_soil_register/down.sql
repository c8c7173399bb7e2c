ALTER TABLE exchange_impacts DROP COLUMN register;
ALTER TABLE listings DROP COLUMN soil;
