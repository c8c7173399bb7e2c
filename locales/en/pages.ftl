# The words of Terril's pages, in English. Every key is also in locales/fr/pages.ftl.
skip-to-content = Skip to content
nav-label = Main menu
nav-account = My account
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-register = Create an account
switch-language = Français
signed-in-as = Signed in as { $name }
footer = Terril, the open exchange for reused materials
footer-api = API and documentation

home-title = Terril: materials that stay in use
home-lead = Holders post their surplus (reclaimed construction materials, textiles, sediments and soils); takers post what they need; Terril matches supply to nearby demand and tells both.
home-counts = { $listings_n ->
    [one] { $listings } listing
   *[other] { $listings } listings
  } and { $wanted_n ->
    [one] { $wanted } wanted request
   *[other] { $wanted } wanted requests
  } in the catalogue.

sign-in-title = Sign in
sign-in-submit = Sign in
sign-in-forgot = Forgotten your password?
sign-in-no-account = No account yet?
sign-in-wrong = Wrong email address or password.
sign-in-unverified = This address is not confirmed yet: open the link of the email Terril sent you.

register-title = Create an account
register-lead = An account for your organisation, of which you will be the owner. You can invite your colleagues afterwards.
register-organisation = Your organisation
register-you = You
register-submit = Create the account
registered-title = Check your inbox
registered-text = If the address { $email } can be used, a confirmation email is on its way. Open its link to activate your account.
form-has-errors = Some fields need correcting.

field-email = Email address
field-password = Password
field-new-password = New password
field-password-hint = At least 10 characters.
field-name = Full name
field-organisation-name = Organisation name
field-kind = What you do on Terril
field-siret = SIRET
field-siret-hint = Optional: 14 digits.
field-street = Street address
field-postal-code = Postcode
field-city = Town
invalid-length = This field's length is not right.
invalid-blank = This field cannot be blank.
invalid-email = This is not an email address.
invalid-siret_format = A SIRET has exactly 14 digits.
invalid-siret_checksum = This SIRET is not valid (its check digit does not match).

kind-holder = Holder (I offer materials)
kind-taker = Taker (I look for materials)
kind-holder_and_taker = Holder and taker
kind-public_body = Local authority or public body
kind-integrator = Integrator (software)

role-owner = Owner
role-admin = Admin
role-member = Member

verified-title = Address confirmed
verified-text = Your email address is confirmed: you can sign in.
link-invalid-title = Invalid or expired link
verify-invalid-text = This link was used already or has expired. If your address is confirmed already, sign in.

forgot-title = Forgotten password
forgot-lead = Give your account's address: Terril will send you a link to choose a new password.
forgot-submit = Send the link
forgot-sent = If an account uses the address { $email }, a link is on its way. It works for one hour.
reset-title = Choose a new password
reset-submit = Save the password
reset-done = Your password is changed. Every session you had open has been closed.
reset-invalid = This link was used already or has expired: ask for a new one.

invitation-title = Join your organisation
invitation-lead = You have been invited to Terril. Choose your name and your password.
invitation-submit = Join
invitation-invalid = This invitation was used already or has expired: ask for a new one.

account-title = My account
account-you = You
account-role = Role
account-members = Members

error-title = Error { $status }
error-not_found = This page does not exist, or you may not see it.
error-forbidden = You may not do this. If you sent a form, reload the page and send it again.
error-invalid_token = This link is invalid or has expired.
error-rate_limited = Too many requests: try again in a moment.
error-service_unavailable = Terril is unavailable for a moment: try again shortly.
error-bad_request = This request is not understood.
error-other = Something went wrong on our side. Try again later.
error-home = Back to the home page

match-title = Match
match-side-holder = You offer this lot
match-side-taker = You are looking for this material
match-status-open = open
match-status-closed = closed
match-distance = { $km } km apart
match-score = Score: { $score } out of 100
part-distance = Distance
part-class_fit = Material class
part-quantity = Quantity
part-window = Dates
part-carbon = CO2e avoided
part-distance-why = The closer the two sites, the larger this part: every point at 0 km, none at the farthest distance the taker accepts (or the holder's delivery radius).
part-class_fit-why = Every point when the lot is of exactly the class asked for; fewer when the request is broader than the lot.
part-quantity-why = The share of the need the lot can cover (half the points when the two quantities cannot be compared).
part-window-why = The share of the wanted period during which the lot is available.
part-carbon-why = The CO2e the exchange avoids, transport deducted: every point from { $full } kg.
part-points = { $points } points out of { $max }
match-co2e = About { $kg } kg of CO2e avoided, transport deducted.
match-next = What next?
match-interested = We are interested
match-decline = Not for us
match-reserve-quantity = Quantity to reserve (in the listing's unit)
match-reserve = Reserve
match-reservations = Reservations
match-no-reservation = No reservation yet.
match-contact = Contact details
match-contact-later = The other side's contact details show here once a reservation is confirmed. Until then, write to them below.
match-messages = Messages
match-no-message = No message yet.
match-messages-more = Later messages
match-message-label = Your message to the other side
match-message-send = Send the message
message-from-us = You
message-from-holder = The holder
message-from-taker = The taker
match-history = History
reservation-quantity = Quantity
reservation-status = Status
reservation-actions = Actions
reservation-requested = requested
reservation-confirmed = confirmed
reservation-refused = refused
reservation-cancelled = cancelled
reservation-completed = collected
reservation-confirm = Confirm
reservation-refuse = Refuse
reservation-cancel = Cancel
reservation-complete = Mark as collected
unit-t = t
unit-kg = kg
unit-m3 = m³
unit-m2 = m²
unit-m = m
unit-piece = pieces
event-created = Match found
event-refreshed = Match updated
event-interested = Interest expressed
event-declined = Match declined
event-closed = Match closed
event-reopened = Match reopened
event-reservation_requested = Reservation requested
event-reservation_confirmed = Reservation confirmed
event-reservation_refused = Reservation refused
event-reservation_cancelled = Reservation cancelled
event-reservation_completed = Lot collected

nav-matches = My matches
matches-title = My matches
matches-open = Open
matches-closed = Closed
matches-listing = Listing
matches-wanted = Wanted
matches-score = Score
matches-distance = Distance
matches-none = No match here yet.
km = { $km } km
next-page = Next page

nav-new-listing = Offer materials
listing-new-title = Offer materials
listing-edit-title = Edit the listing
listing-what = What
listing-how-much = How much
listing-where = Where and when
listing-waste = Waste status
listing-publish = Publish
listing-save-draft = Save as a draft
listing-save = Save
listing-edit = Edit
listing-withdraw = Withdraw the listing
field-title = Title
field-title-hint = For example: Reclaimed solid bricks, about 4,000
field-material = Material class
field-material-choose = Choose a class
field-description = Description
field-condition = Condition
field-quantity = Quantity
field-unit = Unit
field-min-lot = Minimum lot
field-min-lot-hint = Optional: the least a taker may take, in the same unit.
field-price = Price
field-price-hint = Excluding VAT, per unit (for example 15 or €15.50); empty or 0 when it is free.
field-site-address = Site address
field-latitude = Latitude
field-longitude = Longitude
field-coordinates-hint = In decimal degrees (WGS 84), for example 50.4573 and 2.7952 in Loos-en-Gohelle.
field-insee = The commune's INSEE code
field-available-from = Available from
field-available-until = Available until
field-pickup = The taker collects
field-delivery = I can deliver
field-delivery-radius = Delivery radius (km)
field-is-waste = It is still waste in law
field-waste-code = Waste code (European List of Waste)
field-waste-code-none = None
condition-unused = Unused, never fitted
condition-reusable_as_is = Reusable as it is
condition-needs_reconditioning = Needs reconditioning
condition-recycling_only = For recycling only
unit-name-t = tonnes
unit-name-kg = kilograms
unit-name-m3 = cubic metres
unit-name-m2 = square metres
unit-name-m = metres
unit-name-piece = pieces
post-status-draft = draft
post-status-published = published
post-status-reserved = reserved
post-status-exhausted = exhausted
post-status-withdrawn = withdrawn
post-status-expired = expired
price-per-unit = { $price } € per unit
price-free = Free
invalid-number = This is not a number.
invalid-date = This is not a date.
invalid-required = This field is required.
invalid-range = This value is out of the allowed bounds.
invalid-unknown = Choose a value from the list.
invalid-before_start = The end comes before the start.

nav-new-wanted = Look for materials
wanted-new-title = Look for materials
wanted-what = What you need
wanted-withdraw = Withdraw the request
wanted-edit-title = Edit the request
wanted-edit = Edit
field-worst-condition = Worst condition accepted
field-max-price = Highest price
field-max-price-hint = Optional: excluding VAT, per unit (for example €15).
field-max-distance = Furthest distance (km)
field-needed-from = Needed from
field-needed-until = Needed until
field-accepts-waste = My site may receive material that is still waste

map-pick-label = Map of the site: a click places the pin and fills in the coordinates
map-place-label = Map of the site: { $address }
map-results-label = Map of the results

nav-search = Find materials
search-title = Find reuse materials
search-place = Commune or postcode
search-place-hint = For example Loos-en-Gohelle, 62750 or Lens (62).
search-radius = Within
search-radius-km = { $km } km
search-any-material = Any material
search-condition = Condition at least
search-any-condition = Any condition
search-max-price = Highest price (€ excl. VAT per unit)
search-words = Words
search-submit = Search
search-which-place = Which commune?
search-results = { $count ->
    [0] No listing
    [one] One listing
   *[other] { $count } listings
  } within { $km } km of { $place }
search-hit-distance = { $km } km away
search-more = More listings
search-nothing-yet = Nothing among the listings looked at so far: the next page looks further.
search-nothing = Nothing yet: widen the radius or the material class.
invalid-unknown_place = No commune has this name or postcode.
invalid-unplaced = This commune is not placed on the map yet: try a neighbouring one.

photos-title = Photos
photos-none = No photo yet.
photo-alt = Photo { $n } of “{ $title }”
photo-remove = Remove
photo-remove-label = Remove photo { $n }
photo-add-label = Add a photo
photo-add-hint = JPEG, PNG or WebP, 10 MB at most, { $max } photos a listing. Metadata (the GPS position included) is removed.
photo-add = Send the photo
invalid-photo-not_an_image = This file is not a JPEG, PNG or WebP image.
invalid-photo-unreadable_image = This image could not be read.
invalid-photo-required = Choose a photo to send.
invalid-photo-too_large = This photo is over 10 MB.
invalid-photo-image_too_large = This image has too many pixels to be read: scale it down first (the usual size of a phone or a camera is fine).
invalid-photo-busy = Many photos are being processed right now: send yours again in a moment.
invalid-photo-quota_exceeded = This listing has all its photos already.

## Refusals shown on a page, by the API's conflict code.
conflict-insufficient_quantity = Not that much is left: only { $available }.
conflict-match_closed = This match is closed.
conflict-match_declined = This match was declined.
conflict-invalid_transition = This cannot be done in its present state.
conflict-window_closed = The window has closed: change its dates first.
conflict-quantity_held = Reservations already hold { $held }: the quantity cannot be less.
conflict-account_exists = This address already has an account.
conflict-quota_exceeded = Your organisation already holds { $limit } of these, the most it may.

account-invitations = Invitations
account-invitations-none = No invitation is waiting for an answer.
account-invitation-expires = Expires
account-invite = Invite someone
account-invite-lead = They receive an email with a link to choose their name and password; the link works for 7 days.
account-invite-submit = Send the invitation
account-invited = An invitation went to { $email }.
account-withdraw = Withdraw
account-withdraw-label = Withdraw the invitation of { $email }
account-api-keys-link = API keys for your software

api-keys-title = API keys
api-keys-lead = A key lets a program of your organisation use Terril's API. Give each program its own key, and revoke a key that may have leaked.
api-keys-none = Your organisation has no API key yet.
api-keys-prefix = Starts with
api-keys-scopes = Access
api-keys-created-at = Created
api-keys-last-used = Last used
api-keys-never = never
api-keys-revoked = Revoked
api-keys-revoke = Revoke
api-keys-revoke-label = Revoke the key { $name }
api-keys-name = Key name
api-keys-name-hint = Which program uses it, for example “ERP of the Lens yard”.
api-keys-new = Create a key
api-keys-scope-read = Read (search, posts, matches)
api-keys-scope-write = Write (post, reserve, answer)
api-keys-submit = Create the key
api-keys-created = Key { $name } is created. Copy its secret now: Terril does not keep it and will never show it again.
api-keys-secret = Secret
scope-read = read
scope-write = write

collection-legend = Collection of the { $quantity } { $unit } reserved
collection-lead = Say what was actually collected: the tonnes kept out of landfill and the CO2e they saved, net of transport, are counted from it. Leave a field empty when you do not know.
collection-quantity = Quantity collected (in the listing's unit)
collection-weighed = Weighed tonnes (weighbridge ticket), if any
collection-vehicle = Vehicle
collection-distance = Distance driven (km), if known
collection-distance-hint = Otherwise the straight-line distance ({ $km } km) times the road factor.
vehicle-van = Van (up to 3.5 t)
vehicle-rigid_7_5_17 = Rigid lorry, 7.5 to 17 t
vehicle-rigid_over_17 = Rigid lorry over 17 t (tipper)
vehicle-articulated = Articulated lorry

impact-title = Impact
impact-from = From (month)
impact-until = Until (month, included)
impact-show = Show
impact-given = Given
impact-received = Received
impact-summary = { $tonnes } t in { $exchanges ->
    [0] no exchange
    [one] one exchange
   *[other] { $exchanges } exchanges
}, { $co2e } kg CO2e net avoided
impact-tonnes = { $tonnes } t
impact-download-csv = Download the figures (CSV, opens in a spreadsheet)
impact-by-month = Tonnes by month
impact-by-month-table = Tonnes given and received by month
impact-month = Month
impact-by-family = By material family
impact-by-family-table = Exchanges, tonnes and net CO2e by material family, given and received together
impact-family = Family
impact-exchanges = Exchanges
impact-net-co2e = kg CO2e net avoided
impact-none = No exchange was completed in these months.
impact-method = Net CO2e = tonnes × (the new product's factor − the reuse process's) − tonne-km × the vehicle's freight factor, each factor from a cited source; a class with no published factor counts its tonnes only. Each exchange keeps the figure recorded when it was collected.
account-impact = Impact: tonnes and CO2e of your exchanges
