-- When a taker may come to collect at a site ("lun.–ven. 8 h–12 h"), shown with its access
-- notes and phone once a reservation is confirmed. Free text: people write hours their way.
ALTER TABLE sites ADD COLUMN pickup_slots TEXT NOT NULL DEFAULT '';
