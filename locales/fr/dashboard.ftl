# Dashboard slice: my space, the folding menu, flash messages, notification settings and
# the unsubscribe page.

nav-menu = Menu
nav-dashboard = Mon espace
nav-dashboard-waiting = Mon espace ({ $count })

dashboard-title = Mon espace
dashboard-waiting = { $count ->
    [0] À traiter
   *[other] À traiter ({ $count })
}
dashboard-to-answer = Réservations à confirmer ou refuser
dashboard-reservation-line = demande de { $amount } pour « { $wanted } »
dashboard-unread = Messages non lus
dashboard-unread-count = { $count ->
    [one] un message non lu
   *[other] { $count } messages non lus
}
dashboard-nothing-waiting = Rien ne vous attend pour l'instant.
dashboard-pending = Mes réservations en cours
dashboard-pending-line = { $amount } · { $status }
dashboard-pending-none = Aucune réservation en cours.
dashboard-listings = Mes annonces
dashboard-listings-none = Votre organisation n'a encore proposé aucun matériau.
dashboard-wanted = Mes besoins
dashboard-wanted-none = Votre organisation n'a encore publié aucun besoin.
dashboard-status-draft = Brouillons
dashboard-status-published = Publiées
dashboard-status-reserved = Réservées
dashboard-status-exhausted = Épuisées
dashboard-status-withdrawn = Retirées
dashboard-status-expired = Expirées
dashboard-quantity = { $amount }
dashboard-edit = modifier
dashboard-all-matches = Toutes mes mises en relation

notifications-title = Mes e-mails
notifications-lead = Pour chaque sorte d'e-mail, choisissez de le recevoir tout de suite, regroupé avec les autres dans un récapitulatif quotidien, ou jamais.
notifications-save = Enregistrer mes choix
notification-kind-match_found = Une annonce correspond à un besoin (ou l'inverse)
notification-kind-reservation_requested = Une réservation est demandée sur une de vos annonces
notification-kind-reservation_confirmed = Votre réservation est confirmée
notification-kind-reservation_refused = Votre réservation est refusée
notification-kind-reservation_cancelled = Une réservation est annulée
notification-kind-saved_search_hit = Une nouvelle annonce répond à une recherche enregistrée
notification-kind-message_received = Un message vous est écrit
notification-kind-digest = Le récapitulatif quotidien
notification-mode-immediate = Tout de suite
notification-mode-digest = Dans le récapitulatif quotidien
notification-mode-never = Jamais

unsubscribe-title = Se désabonner
unsubscribe-ask-kind = Ne plus recevoir les e-mails « { $kind } » ?
unsubscribe-ask-digest = Ne plus recevoir le récapitulatif quotidien ?
unsubscribe-submit = Me désabonner
unsubscribe-done-kind = C'est fait : vous ne recevrez plus les e-mails « { $kind } ».
unsubscribe-done-digest = C'est fait : vous ne recevrez plus le récapitulatif quotidien.
unsubscribe-invalid = Ce lien de désabonnement n'est pas valable. Vous pouvez choisir vos e-mails dans vos réglages.
unsubscribe-settings = Choisir les e-mails que je reçois

flash-signed-in = Vous êtes connecté·e.
flash-signed-out = Vous êtes déconnecté·e. À bientôt !
flash-listings-draft-saved = Brouillon enregistré. Il n'est visible que par votre organisation jusqu'à sa publication.
flash-wanted-draft-saved = Brouillon enregistré. Il n'est visible que par votre organisation jusqu'à sa publication.
flash-listings-published = Annonce publiée. Terril cherche dès maintenant les besoins qui lui correspondent : vous et leurs auteurs serez prévenus par e-mail.
flash-wanted-published = Besoin publié. Terril cherche dès maintenant les annonces qui lui correspondent : vous et leurs détenteurs serez prévenus par e-mail.
flash-listings-saved = Modifications enregistrées.
flash-wanted-saved = Modifications enregistrées.
flash-listings-withdrawn = Annonce retirée : elle n'apparaît plus dans les recherches.
flash-wanted-withdrawn = Besoin retiré : il n'apparaît plus dans les recherches.
flash-match-interested = C'est noté : l'autre partie voit votre intérêt.
flash-match-declined = C'est noté : cette mise en relation ne vous intéresse pas.
flash-reserved = Réservation demandée. Le détenteur est prévenu et doit la confirmer.
flash-confirmed = Réservation confirmée. Le repreneur est prévenu et voit vos coordonnées.
flash-refused = Réservation refusée. La quantité revient à l'annonce.
flash-cancelled = Réservation annulée.
flash-collected = Enlèvement enregistré. Merci pour ce réemploi !
flash-message-sent = Message envoyé.
flash-invitation-withdrawn = Invitation retirée.
flash-api-key-revoked = Clé d'API révoquée : elle ne permet plus d'accéder à l'API.
flash-photo-added = Photo ajoutée.
flash-photo-removed = Photo retirée.
flash-notifications-saved = Vos choix d'e-mails sont enregistrés.
