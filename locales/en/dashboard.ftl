# Dashboard slice: my space, the folding menu, flash messages, notification settings and
# the unsubscribe page.

nav-menu = Menu
nav-dashboard = My dashboard
nav-dashboard-waiting = My dashboard ({ $count })

dashboard-title = My dashboard
dashboard-waiting = { $count ->
    [0] To do
   *[other] To do ({ $count })
}
dashboard-to-answer = Reservations to confirm or refuse
dashboard-reservation-line = a request for { $amount } for “{ $wanted }”
dashboard-unread = Unread messages
dashboard-unread-count = { $count ->
    [one] one unread message
   *[other] { $count } unread messages
}
dashboard-nothing-waiting = Nothing is waiting for you right now.
dashboard-pending = My pending reservations
dashboard-pending-line = { $amount } · { $status }
dashboard-pending-none = No pending reservation.
dashboard-listings = My listings
dashboard-listings-none = Your organisation has not offered any materials yet.
dashboard-wanted = My needs
dashboard-wanted-none = Your organisation has not posted any need yet.
dashboard-status-draft = Drafts
dashboard-status-published = Published
dashboard-status-reserved = Reserved
dashboard-status-exhausted = All taken
dashboard-status-withdrawn = Withdrawn
dashboard-status-expired = Expired
dashboard-quantity = { $amount }
dashboard-edit = edit
dashboard-all-matches = All my matches

notifications-title = My emails
notifications-lead = For each kind of email, choose to get it at once, grouped with the others in a daily summary, or never.
notifications-save = Save my choices
notification-kind-match_found = A listing fits a need (or the other way round)
notification-kind-reservation_requested = Someone asks to reserve one of your listings
notification-kind-reservation_confirmed = Your reservation is confirmed
notification-kind-reservation_refused = Your reservation is refused
notification-kind-reservation_cancelled = A reservation is cancelled
notification-kind-saved_search_hit = A new listing answers a saved search
notification-kind-message_received = Someone writes to you
notification-kind-digest = The daily summary
notification-mode-immediate = At once
notification-mode-digest = In the daily summary
notification-mode-never = Never

unsubscribe-title = Unsubscribe
unsubscribe-ask-kind = Stop getting the emails “{ $kind }”?
unsubscribe-ask-digest = Stop getting the daily summary?
unsubscribe-submit = Unsubscribe me
unsubscribe-done-kind = Done: you will no longer get the emails “{ $kind }”.
unsubscribe-done-digest = Done: you will no longer get the daily summary.
unsubscribe-invalid = This unsubscribe link is not valid. You can choose your emails in your settings.
unsubscribe-settings = Choose the emails I get

flash-signed-in = You are signed in.
flash-signed-out = You are signed out. See you soon!
flash-listings-draft-saved = Draft saved. Only your organisation sees it until it is published.
flash-wanted-draft-saved = Draft saved. Only your organisation sees it until it is published.
flash-listings-published = Listing published. Terril is now looking for the needs it fits: you and their authors will be told by email.
flash-wanted-published = Need published. Terril is now looking for the listings that fit it: you and their holders will be told by email.
flash-listings-saved = Changes saved.
flash-wanted-saved = Changes saved.
flash-listings-withdrawn = Listing withdrawn: it no longer shows in searches.
flash-wanted-withdrawn = Need withdrawn: it no longer shows in searches.
flash-match-interested = Noted: the other side sees your interest.
flash-match-declined = Noted: this match does not interest you.
flash-reserved = Reservation requested. The holder is told and must confirm it.
flash-confirmed = Reservation confirmed. The taker is told and sees your contact details.
flash-refused = Reservation refused. The quantity goes back to the listing.
flash-cancelled = Reservation cancelled.
flash-collected = Collection recorded. Thank you for this reuse!
flash-message-sent = Message sent.
flash-invitation-withdrawn = Invitation withdrawn.
flash-api-key-revoked = API key revoked: it no longer opens the API.
flash-photo-added = Photo added.
flash-photo-removed = Photo removed.
flash-notifications-saved = Your email choices are saved.
