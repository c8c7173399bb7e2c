DROP TABLE exchange_impacts;
