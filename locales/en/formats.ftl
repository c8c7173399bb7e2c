# Formats and errors in English (the "formats" slice): numbers, quantities, prices,
# distances and dates are written by domain::format's filters; here, the sentences around
# them, and the words of every error code the API can return.

quantity-left = { $left } of { $total } left
search-hit-away = { $distance } away
match-apart = { $distance } apart
collection-of = Collection of the reservation ({ $quantity })
collection-crow-flies = Otherwise, the distance as the crow flies ({ $distance }) times the road factor.
impact-month-of = { $which }: month
impact-year-of = { $which }: year

## A field's errors by rule code (invalid-<code>), and for one field when the bound
## must be said (invalid-<field>-<code>).

invalid-above_quantity = The minimum lot is more than the quantity offered.
invalid-below_min_lot = This is less than the listing's minimum lot.
invalid-control_character = This text holds invisible characters that are not allowed.
invalid-country = Give the country by its two-letter code, such as FR.
invalid-duplicate_key = This field is given twice.
invalid-format = This is not written as expected.
invalid-image_too_large = This image has too many pixels to be read: scale it down first.
invalid-insee_code = An INSEE commune code has 5 characters: digits, or 2A and 2B for Corsica.
invalid-invalid = This value is not valid.
invalid-needs_centre = To sort by distance, give a place first.
invalid-needs_waste = Accepting hazardous waste means accepting waste.
invalid-no_handover = Offer pickup, delivery or both.
invalid-not_allowed = This material is not counted in this unit: choose another.
invalid-not_an_image = This file is not a JPEG, PNG or WebP image.
invalid-not_applicable = These details are only for soils and sediments that are still waste.
invalid-not_waste = A waste code is only given for material that is still waste.
invalid-pair = Latitude and longitude go together: give both.
invalid-parcel_number = A parcel is written prefix-section-number, as 000-AB-0123.
invalid-postal_code = A postcode has 5 digits.
invalid-too_general = Choose a class more precise than the family.
invalid-too_long = This text is too long.
invalid-unreadable_image = This image could not be read.
invalid-price = Give a price in euros, for example 15 or €15.50.
invalid-price_includes_vat = Give the price excluding VAT: prices here are shown excluding VAT.

invalid-quantity-range = The quantity must be more than 0.
invalid-min_lot-range = The minimum lot cannot be negative.
invalid-price_per_unit_eur-range = The price goes from €0 (free) to €10 million excluding VAT per unit.
invalid-max_price_per_unit_eur-range = The highest price goes from €0 to €10 million excluding VAT per unit.
invalid-delivery_radius_km-range = The delivery radius must be more than 0 km and at most 2,000 km.
invalid-max_distance_km-range = The distance must be more than 0 km and at most 1,000 km.
invalid-latitude-range = A latitude goes from -90 to 90.
invalid-longitude-range = A longitude goes from -180 to 180.
invalid-title-length = A title has 1 to 200 characters.
invalid-description-length = A description has at most 5,000 characters.
invalid-address-length = An address has 1 to 300 characters.
invalid-password-length = A password has 10 to 128 characters.
invalid-from-format = Choose a month and write the year in four digits.
invalid-until-format = Choose a month and write the year in four digits.
invalid-until-before_start = The last month comes before the first.
invalid-available_until-before_start = The end of availability comes before its start.
invalid-needed_until-before_start = The end of the need comes before its start.
invalid-delivery_radius_km-required = Say how far you deliver.
invalid-waste_code-required = Material that is still waste needs its waste code.
invalid-waste_code-unknown = This is not a code of the List of Waste.
invalid-material-unknown = Choose a class from the list.
invalid-body-required = Write a message.
invalid-body-too_long = A message has at most 4,000 characters.

## Conflicts (conflict-<code>) that had no words yet.

conflict-conflict = This cannot be done as things are.
conflict-duplicate_external_ref = This reference is already that of another listing or request of your organisation.
conflict-endpoint_disabled = This webhook endpoint is disabled: enable it first.
conflict-idempotency_key_in_use = The same request is still running: try again in a moment.
conflict-siret_missing = A declaration names the organisation by its SIRET: add it to the organisation first.
