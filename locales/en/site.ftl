## The site's basics: home, help, legal pages, sitemap (src/web/pages/site.rs, home.rs)

home-search-label = Find materials near you
home-search-place = Town or postcode
home-search-place-hint = For example: Lens, 62300, Loos-en-Gohelle
home-search-material = Material
home-search-submit = Search
home-how-title = How it works
home-how-1-title = You have surplus materials
home-how-1 = A demolition site, leftover stock, textile offcuts, excavated soil: post them with their quantity, condition, place and the dates they are available.
home-how-2-title = You need materials
home-how-2 = Search around a town, reserve a quantity straight from the listing, or post your need: Terril emails you as soon as a lot nearby fits.
home-how-3-title = You exchange, and it counts
home-how-3 = The holder confirms, you agree on the collection, and every completed exchange counts the tonnes kept out of landfill and the CO2e avoided, net of transport.
home-help-link = Frequently asked questions

help-title = Help
help-lead = Terril puts those who have surplus reusable materials in touch with those who need them, near each other.
help-post-title = Posting materials
help-post = Create an account for your organisation, then "Offer materials": a title, the category, the quantity and its unit, the condition, the place (a town is enough, the map places the pin) and the date from which the lot is available. Save a draft or publish: a published listing is visible to everyone and compared with nearby needs.
help-find-title = Finding and reserving
help-find = "Find materials" searches around a town or postcode, on the map and as a list, nearest first. From a listing, reserve a quantity or write to the holder; without an account, create one: you then come back to the listing.
help-match-title = Being told
help-match = Post a need ("Look for materials"): Terril compares it with every new listing and writes to you when a lot nearby fits, with the score explained (category, distance, quantity, dates, condition). In your account you choose which emails you get and how often.
help-exchange-title = After reserving
help-exchange = The holder confirms or refuses. Once confirmed, you see the pickup place and its contacts; the holder then records the quantity collected, and the exchange counts in both organisations' impact.
help-waste-title = Waste, soil and sediments
help-waste = A material that is still waste carries its European List of Waste code. For excavated soil and sediments, the registers the regulations ask for can be exported from the API.
help-api-title = For software
help-api = Everything the pages do goes through the same documented public API: keys, webhooks, a change feed, idempotent writes.
help-contact-title = Contact
help-contact = A question, a problem? Write to { $email }.
help-contact-missing = A question, a problem? The operator of this service has not given a contact address yet (see the legal notice).

legal-title = Legal notice
legal-publisher = Publisher
legal-name = Name
legal-form = Legal form
legal-address = Address
legal-registration = Registration
legal-email = Email
legal-phone = Phone
legal-director = Director of publication
legal-host = Host
legal-missing = not given
legal-missing-note = Some details have not been given by the operator of this service (settings "web.operator").
legal-software = Software
legal-software-text = This service runs Terril, free software. Communes come from INSEE's Code officiel géographique and La Poste's postcodes (Licence Ouverte), positions from GeoNames (CC BY 4.0), map tiles from OpenStreetMap (© OpenStreetMap contributors).

terms-title = Terms of use
terms-object-title = Purpose
terms-object = This service lets organisations post materials available for reuse and needs, be put in touch and agree on exchanges. The operator is not a party to the exchanges: it neither buys nor sells materials.
terms-account-title = Account
terms-account = An account is opened in the name of an organisation, identified by its SIRET number. The person who creates it warrants that they may act for it and that the details given are accurate. Everyone keeps their credentials to themselves.
terms-posts-title = Listings and needs
terms-posts = The holder describes its lots truthfully: category, quantity, condition, place, dates and, where they are still waste, their code. It remains responsible for the rules that apply to waste, excavated soil and traceability. Published listings are public.
terms-exchange-title = Reservations and exchanges
terms-exchange = A reservation commits the taker to the quantity asked for, subject to the holder's confirmation. Collection, delivery and any payment are agreed between the parties.
terms-impact-title = Impact figures
terms-impact = The tonnes and CO2e avoided are estimates computed from published factors whose sources are cited; they do not replace regulatory declarations.
terms-end-title = Ending use
terms-end = An organisation may withdraw its listings at any time. The operator may suspend an account that posts misleading or unlawful content.

privacy-title = Privacy
privacy-what-title = What we record
privacy-what = For each person: their name, email address, password in a one-way hashed form, language and email preferences. For each organisation: its name, SIRET, address and posts. Exchanges between organisations (reservations, messages) are kept for their follow-up and counting.
privacy-why-title = Why
privacy-why = To run the service (matching, the emails you chose, account security): the performance of the service you ask for. No data is sold or used for advertising.
privacy-cookies-title = Cookies
privacy-cookies = The site uses only necessary cookies: the signed-in person's session, a browser id that protects forms, and the chosen language. No trackers and no third-party analytics, hence no consent banner.
privacy-rights-title = Your rights
privacy-rights = You may access your data, have it corrected or erased, and object to its processing by writing to { $contact }. You may also complain to the CNIL, the French data protection authority.
privacy-contact-missing = the operator of the service (see the legal notice)

footer-help = Help
footer-legal = Legal notice
footer-terms = Terms
footer-privacy = Privacy

error-rate_limited-wait = Too many requests in a short time. Wait { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
  } before trying again.
error-rate_limited-kept = What you typed is kept (except passwords): you can send it again.
error-rate_limited-resend = Send again
search-refine = Refine the search
