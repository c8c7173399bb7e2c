-- An exchange whose mass is not known (pieces or a volume of a class with no sourced piece
-- mass or density, not weighed) is still an exchange: it counts in the exchanges given and
-- received and in the public-procurement declaration, with no tonnes and no figure.
ALTER TABLE exchange_impacts ALTER COLUMN tonnes DROP NOT NULL;
ALTER TABLE exchange_impacts ALTER COLUMN tonne_km DROP NOT NULL;
ALTER TABLE exchange_impacts ALTER COLUMN transport_kg DROP NOT NULL;
