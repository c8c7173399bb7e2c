# The words of Terril's pages, in French. Every key is also in locales/en/pages.ftl.
skip-to-content = Aller au contenu
nav-label = Menu principal
nav-account = Mon compte
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-register = Créer un compte
switch-language = English
signed-in-as = Connecté·e en tant que { $name }
footer = Terril, la bourse ouverte aux matériaux de réemploi
footer-api = API et documentation

home-title = Terril : des matériaux qui restent en circulation
home-lead = Les détenteurs publient leurs surplus (matériaux de construction de réemploi, textiles, sédiments et terres) ; les repreneurs publient leurs besoins ; Terril rapproche l'offre et la demande proches et prévient les deux.
home-counts = { $listings_n ->
    [one] { $listings } annonce
   *[other] { $listings } annonces
  } et { $wanted_n ->
    [one] { $wanted } besoin
   *[other] { $wanted } besoins
  } dans le catalogue.

sign-in-title = Se connecter
sign-in-submit = Se connecter
sign-in-forgot = Mot de passe oublié ?
sign-in-no-account = Pas encore de compte ?
sign-in-wrong = Adresse e-mail ou mot de passe incorrect.
sign-in-unverified = Cette adresse n'est pas encore confirmée : ouvrez le lien de l'e-mail que Terril vous a envoyé.

register-title = Créer un compte
register-lead = Un compte pour votre organisation, dont vous serez le ou la propriétaire. Vous pourrez inviter vos collègues ensuite.
register-organisation = Votre organisation
register-you = Vous
register-submit = Créer le compte
registered-title = Vérifiez votre boîte mail
registered-text = Si l'adresse { $email } peut être utilisée, un e-mail de confirmation vient de partir. Ouvrez son lien pour activer votre compte.
form-has-errors = Certains champs sont à corriger.

field-email = Adresse e-mail
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-password-hint = Au moins 10 caractères.
field-name = Nom et prénom
field-organisation-name = Nom de l'organisation
field-kind = Activité sur Terril
field-siret = SIRET
field-siret-hint = Facultatif : 14 chiffres.
field-street = Adresse
field-postal-code = Code postal
field-city = Commune
invalid-length = La longueur de ce champ ne convient pas.
invalid-blank = Ce champ ne peut pas être vide.
invalid-email = Ce n'est pas une adresse e-mail.
invalid-siret_format = Un SIRET compte exactement 14 chiffres.
invalid-siret_checksum = Ce SIRET n'est pas valide (sa clé de contrôle ne correspond pas).

kind-holder = Détenteur (je propose des matériaux)
kind-taker = Repreneur (je cherche des matériaux)
kind-holder_and_taker = Détenteur et repreneur
kind-public_body = Collectivité ou organisme public
kind-integrator = Intégrateur (logiciel)

role-owner = Propriétaire
role-admin = Administrateur·rice
role-member = Membre

verified-title = Adresse confirmée
verified-text = Votre adresse e-mail est confirmée : vous pouvez vous connecter.
link-invalid-title = Lien invalide ou expiré
verify-invalid-text = Ce lien a déjà servi ou a expiré. Si votre adresse est déjà confirmée, connectez-vous.

forgot-title = Mot de passe oublié
forgot-lead = Indiquez l'adresse de votre compte : Terril vous enverra un lien pour choisir un nouveau mot de passe.
forgot-submit = Envoyer le lien
forgot-sent = Si un compte utilise l'adresse { $email }, un lien vient de partir. Il est valable une heure.
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le mot de passe
reset-done = Votre mot de passe est changé. Toutes vos sessions ouvertes ont été fermées.
reset-invalid = Ce lien a déjà servi ou a expiré : demandez-en un nouveau.

invitation-title = Rejoindre votre organisation
invitation-lead = Vous avez été invité·e sur Terril. Choisissez votre nom et votre mot de passe.
invitation-submit = Rejoindre
invitation-invalid = Cette invitation a déjà servi ou a expiré : demandez-en une nouvelle.

account-title = Mon compte
account-you = Vous
account-role = Rôle
account-members = Membres

error-title = Erreur { $status }
error-not_found = Cette page n'existe pas, ou vous n'y avez pas accès.
error-forbidden = Vous ne pouvez pas faire cela. Si vous avez envoyé un formulaire, rechargez la page et renvoyez-le.
error-invalid_token = Ce lien est invalide ou a expiré.
error-rate_limited = Trop de demandes : réessayez dans un instant.
error-service_unavailable = Terril est momentanément indisponible : réessayez dans un instant.
error-bad_request = Cette demande n'est pas comprise.
error-other = Une erreur est survenue de notre côté. Réessayez plus tard.
error-home = Retour à l'accueil

match-title = Mise en relation
match-side-holder = Vous proposez ce lot
match-side-taker = Vous cherchez ce matériau
match-status-open = ouverte
match-status-closed = close
match-distance = { $km } km entre les deux
match-score = Score : { $score } sur 100
part-distance = Distance
part-class_fit = Classe de matériau
part-quantity = Quantité
part-window = Dates
part-carbon = CO2e évité
part-distance-why = Plus les deux sites sont proches, plus la part est grande : tous les points à 0 km, aucun à la plus grande distance acceptée par le repreneur (ou le rayon de livraison du détenteur).
part-class_fit-why = Tous les points quand le lot est exactement de la classe demandée ; moins quand la demande est plus générale que le lot.
part-quantity-why = La part du besoin que le lot peut couvrir (la moitié des points quand les deux quantités ne se comparent pas).
part-window-why = La part de la période souhaitée pendant laquelle le lot est disponible.
part-carbon-why = Le CO2e que l'échange évite, transport déduit : tous les points à partir de { $full } kg.
part-points = { $points } points sur { $max }
match-co2e = Environ { $kg } kg de CO2e évités, transport déduit.
match-next = Et maintenant ?
match-interested = Ça m'intéresse
match-decline = Pas pour nous
match-reserve-quantity = Quantité à réserver (dans l'unité de l'annonce)
match-reserve = Réserver
match-reservations = Réservations
match-no-reservation = Aucune réservation pour l'instant.
match-contact = Coordonnées
match-contact-later = Les coordonnées de l'autre partie s'affichent ici dès qu'une réservation est confirmée. D'ici là, écrivez-lui ci-dessous.
match-messages = Messages
match-no-message = Aucun message pour l'instant.
match-messages-more = Messages suivants
match-message-label = Votre message à l'autre partie
match-message-send = Envoyer le message
message-from-us = Vous
message-from-holder = Le détenteur
message-from-taker = Le repreneur
match-history = Historique
reservation-quantity = Quantité
reservation-status = État
reservation-actions = Actions
reservation-requested = demandée
reservation-confirmed = confirmée
reservation-refused = refusée
reservation-cancelled = annulée
reservation-completed = enlevée
reservation-confirm = Confirmer
reservation-refuse = Refuser
reservation-cancel = Annuler
reservation-complete = Marquer comme enlevée
unit-t = t
unit-kg = kg
unit-m3 = m³
unit-m2 = m²
unit-m = m
unit-piece = pièces
event-created = Mise en relation trouvée
event-refreshed = Mise en relation actualisée
event-interested = Intérêt exprimé
event-declined = Mise en relation déclinée
event-closed = Mise en relation close
event-reopened = Mise en relation rouverte
event-reservation_requested = Réservation demandée
event-reservation_confirmed = Réservation confirmée
event-reservation_refused = Réservation refusée
event-reservation_cancelled = Réservation annulée
event-reservation_completed = Lot enlevé

nav-matches = Mises en relation
matches-title = Mes mises en relation
matches-open = Ouvertes
matches-closed = Closes
matches-listing = Annonce
matches-wanted = Besoin
matches-score = Score
matches-distance = Distance
matches-none = Aucune mise en relation ici pour l'instant.
km = { $km } km
next-page = Page suivante

nav-new-listing = Proposer des matériaux
listing-new-title = Proposer des matériaux
listing-edit-title = Modifier l'annonce
listing-what = Quoi
listing-how-much = Combien
listing-where = Où et quand
listing-waste = Statut de déchet
listing-publish = Publier
listing-save-draft = Enregistrer en brouillon
listing-save = Enregistrer
listing-edit = Modifier
listing-withdraw = Retirer l'annonce
field-title = Intitulé
field-title-hint = Par exemple : Briques pleines de réemploi, environ 4 000 pièces
field-material = Classe de matériau
field-material-choose = Choisir une classe
field-description = Description
field-condition = État
field-quantity = Quantité
field-unit = Unité
field-min-lot = Lot minimum
field-min-lot-hint = Facultatif : le moins qu'un repreneur puisse prendre, dans la même unité.
field-price = Prix
field-price-hint = Hors taxes, par unité (par exemple 15 ou 15,50 € HT) ; vide ou 0 si c'est gratuit.
field-site-address = Adresse du site
field-latitude = Latitude
field-longitude = Longitude
field-coordinates-hint = En degrés décimaux (WGS 84), par exemple 50,4573 et 2,7952 à Loos-en-Gohelle.
field-insee = Code INSEE de la commune
field-available-from = Disponible à partir du
field-available-until = Disponible jusqu'au
field-pickup = Le repreneur vient chercher
field-delivery = Je peux livrer
field-delivery-radius = Rayon de livraison (km)
field-is-waste = C'est encore un déchet au sens de la loi
field-waste-code = Code déchet (liste européenne)
field-waste-code-none = Aucun
condition-unused = Neuf, jamais posé
condition-reusable_as_is = Réemployable en l'état
condition-needs_reconditioning = À reconditionner
condition-recycling_only = Pour recyclage seulement
unit-name-t = tonnes
unit-name-kg = kilogrammes
unit-name-m3 = mètres cubes
unit-name-m2 = mètres carrés
unit-name-m = mètres
unit-name-piece = pièces
post-status-draft = brouillon
post-status-published = publiée
post-status-reserved = réservée
post-status-exhausted = épuisée
post-status-withdrawn = retirée
post-status-expired = expirée
price-per-unit = { $price } € par unité
price-free = Gratuit
invalid-number = Ce n'est pas un nombre.
invalid-date = Ce n'est pas une date.
invalid-required = Ce champ est obligatoire.
invalid-range = Cette valeur est trop petite ou trop grande.
invalid-unknown = Choisissez une valeur de la liste.
invalid-before_start = La fin vient avant le début.

nav-new-wanted = Chercher des matériaux
wanted-new-title = Chercher des matériaux
wanted-what = Ce qu'il vous faut
wanted-withdraw = Retirer le besoin
wanted-edit-title = Modifier le besoin
wanted-edit = Modifier
field-worst-condition = État minimum accepté
field-max-price = Prix maximum
field-max-price-hint = Facultatif : hors taxes, par unité (par exemple 15 €).
field-max-distance = Distance maximale (km)
field-needed-from = Nécessaire à partir du
field-needed-until = Nécessaire jusqu'au
field-accepts-waste = Mon site peut recevoir des matériaux encore déchets

map-pick-label = Carte du site : un clic y place l'épingle et remplit les coordonnées
map-place-label = Carte du site : { $address }
map-results-label = Carte des résultats

nav-search = Trouver des matériaux
search-title = Trouver des matériaux de réemploi
search-place = Commune ou code postal
search-place-hint = Par exemple Loos-en-Gohelle, 62750 ou Lens (62).
search-radius = Dans un rayon de
search-radius-km = { $km } km
search-any-material = Tous les matériaux
search-condition = État au moins
search-any-condition = Tous les états
search-max-price = Prix maximum (€ HT par unité)
search-words = Mots
search-submit = Chercher
search-which-place = Quelle commune ?
search-results = { $count ->
    [0] Aucune annonce
    [one] Une annonce
   *[other] { $count } annonces
  } à moins de { $km } km de { $place }
search-hit-distance = à { $km } km
search-more = Annonces suivantes
search-nothing-yet = Rien parmi les annonces parcourues jusqu’ici : la page suivante cherche plus loin.
search-nothing = Rien pour l'instant : élargissez le rayon ou la classe de matériau.
invalid-unknown_place = Aucune commune ne porte ce nom ou ce code postal.
invalid-unplaced = Cette commune n'est pas encore placée sur la carte : essayez une commune voisine.

photos-title = Photos
photos-none = Pas encore de photo.
photo-alt = Photo { $n } de « { $title } »
photo-remove = Retirer
photo-remove-label = Retirer la photo { $n }
photo-add-label = Ajouter une photo
photo-add-hint = JPEG, PNG ou WebP, 10 Mo au plus, { $max } photos par annonce. Les métadonnées (dont la position GPS) sont retirées.
photo-add = Envoyer la photo
invalid-photo-not_an_image = Ce fichier n'est pas une image JPEG, PNG ou WebP.
invalid-photo-unreadable_image = Cette image n'a pas pu être lue.
invalid-photo-required = Choisissez une photo à envoyer.
invalid-photo-too_large = Cette photo dépasse 10 Mo.
invalid-photo-image_too_large = Cette image a trop de pixels pour être lue : réduisez-la d'abord (la taille habituelle d'un téléphone ou d'un appareil photo convient).
invalid-photo-busy = Beaucoup de photos sont en cours de traitement : renvoyez la vôtre dans un instant.
invalid-photo-quota_exceeded = Cette annonce a déjà toutes ses photos.

## Refus montrés sur une page, par code de conflit de l'API.
conflict-insufficient_quantity = Il n'en reste pas autant : seulement { $available }.
conflict-match_closed = Cette mise en relation est close.
conflict-match_declined = Cette mise en relation a été déclinée.
conflict-invalid_transition = Ce n'est pas possible dans son état actuel.
conflict-window_closed = La période est passée : changez d'abord ses dates.
conflict-quantity_held = Des réservations portent déjà sur { $held } : la quantité ne peut pas être inférieure.
conflict-account_exists = Cette adresse a déjà un compte.
conflict-quota_exceeded = Votre organisation en a déjà { $limit }, le maximum permis.

account-invitations = Invitations
account-invitations-none = Aucune invitation n'attend de réponse.
account-invitation-expires = Expire le
account-invite = Inviter quelqu'un
account-invite-lead = La personne reçoit un courriel avec un lien pour choisir son nom et son mot de passe ; le lien est valable 7 jours.
account-invite-submit = Envoyer l'invitation
account-invited = Une invitation est partie vers { $email }.
account-withdraw = Retirer
account-withdraw-label = Retirer l'invitation de { $email }
account-api-keys-link = Clés d'API pour vos logiciels

api-keys-title = Clés d'API
api-keys-lead = Une clé permet à un programme de votre organisation d'utiliser l'API de Terril. Donnez à chaque programme sa propre clé, et révoquez une clé qui a pu fuiter.
api-keys-none = Votre organisation n'a pas encore de clé d'API.
api-keys-prefix = Commence par
api-keys-scopes = Accès
api-keys-created-at = Créée le
api-keys-last-used = Dernier usage
api-keys-never = jamais
api-keys-revoked = Révoquée
api-keys-revoke = Révoquer
api-keys-revoke-label = Révoquer la clé { $name }
api-keys-name = Nom de la clé
api-keys-name-hint = Le programme qui s’en sert, par exemple « ERP du chantier de Lens ».
api-keys-new = Créer une clé
api-keys-scope-read = Lecture (recherche, annonces, mises en relation)
api-keys-scope-write = Écriture (publier, réserver, répondre)
api-keys-submit = Créer la clé
api-keys-created = La clé { $name } est créée. Copiez son secret maintenant : Terril ne le garde pas et ne le montrera plus jamais.
api-keys-secret = Secret
scope-read = lecture
scope-write = écriture

collection-legend = Enlèvement des { $quantity } { $unit } réservés
collection-lead = Indiquez ce qui a vraiment été enlevé : les tonnes évitées en décharge et le CO2e économisé, net du transport, en sont calculés. Laissez vide ce que vous ne savez pas.
collection-quantity = Quantité enlevée (dans l'unité de l'annonce)
collection-weighed = Tonnes pesées (ticket de pesée), le cas échéant
collection-vehicle = Véhicule
collection-distance = Distance parcourue (km), si connue
collection-distance-hint = Sinon, la distance à vol d'oiseau ({ $km } km) multipliée par le facteur routier.
vehicle-van = Fourgon (jusqu'à 3,5 t)
vehicle-rigid_7_5_17 = Porteur de 7,5 à 17 t
vehicle-rigid_over_17 = Porteur de plus de 17 t (benne)
vehicle-articulated = Semi-remorque

impact-title = Impact
impact-from = Du mois
impact-until = Au mois (inclus)
impact-show = Afficher
impact-given = Cédé
impact-received = Reçu
impact-summary = { $tonnes } t en { $exchanges ->
    [0] aucun échange
    [one] un échange
   *[other] { $exchanges } échanges
}, { $co2e } kg CO2e nets évités
impact-tonnes = { $tonnes } t
impact-download-csv = Télécharger les chiffres (CSV, s'ouvre dans un tableur)
impact-by-month = Tonnes par mois
impact-by-month-table = Tonnes cédées et reçues par mois
impact-month = Mois
impact-by-family = Par famille de matériaux
impact-by-family-table = Échanges, tonnes et CO2e nets par famille de matériaux, cédés et reçus ensemble
impact-family = Famille
impact-exchanges = Échanges
impact-net-co2e = kg CO2e nets évités
impact-none = Aucun échange n'a été terminé sur ces mois.
impact-method = CO2e net = tonnes × (facteur du produit neuf − facteur du réemploi) − tonnes-km × facteur de fret du véhicule, chaque facteur avec sa source ; une classe sans facteur publié ne compte que ses tonnes. Chaque échange garde le chiffre enregistré à son enlèvement.
account-impact = Impact : tonnes et CO2e de vos échanges
