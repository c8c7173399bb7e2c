# Les formats et les erreurs en français (tranche « formats ») : nombres, quantités, prix,
# distances et dates sont écrits par les filtres de domain::format ; ici, les phrases qui
# les entourent, et les mots de chaque code d'erreur que l'API peut renvoyer.

quantity-left = Il reste { $left } sur { $total }
search-hit-away = à { $distance }
match-apart = { $distance } entre les deux
collection-of = Enlèvement de la réservation ({ $quantity })
collection-crow-flies = Sinon, la distance à vol d'oiseau ({ $distance }) multipliée par le facteur routier.
impact-month-of = { $which } : mois
impact-year-of = { $which } : année

## Les erreurs d'un champ, par code de règle (invalid-<code>), et pour un champ
## précis quand il faut dire quelle borne (invalid-<champ>-<code>).

invalid-above_quantity = Le lot minimum dépasse la quantité proposée.
invalid-below_min_lot = C'est moins que le lot minimum de l'annonce.
invalid-control_character = Ce texte contient des caractères invisibles qui ne sont pas permis.
invalid-country = Indiquez le pays par son code à deux lettres, comme FR.
invalid-duplicate_key = Ce champ est donné deux fois.
invalid-format = Ce n'est pas écrit comme attendu.
invalid-image_too_large = Cette image a trop de pixels pour être lue : réduisez-la d'abord.
invalid-insee_code = Un code commune INSEE compte 5 caractères : des chiffres, ou 2A et 2B pour la Corse.
invalid-invalid = Cette valeur n'est pas valide.
invalid-needs_centre = Pour trier par distance, indiquez d'abord un lieu.
invalid-needs_waste = Accepter des déchets dangereux suppose d'accepter des déchets.
invalid-no_handover = Proposez l'enlèvement sur place, la livraison, ou les deux.
invalid-not_allowed = Ce matériau ne se compte pas dans cette unité : choisissez-en une autre.
invalid-not_an_image = Ce fichier n'est pas une image JPEG, PNG ou WebP.
invalid-not_applicable = Ces précisions ne valent que pour des terres et sédiments qui sont encore des déchets.
invalid-not_waste = Un code déchet ne se donne que pour une matière qui est encore un déchet.
invalid-pair = La latitude et la longitude vont ensemble : donnez les deux.
invalid-parcel_number = Une parcelle s'écrit préfixe-section-numéro, comme 000-AB-0123.
invalid-postal_code = Un code postal compte 5 chiffres.
invalid-too_general = Choisissez une catégorie plus précise que la famille.
invalid-too_long = Ce texte est trop long.
invalid-unreadable_image = Cette image n'a pas pu être lue.
invalid-price = Indiquez un prix en euros, par exemple 15 ou 15,50 €.
invalid-price_includes_vat = Indiquez le prix hors taxes (HT) : les prix affichés s'entendent HT.

invalid-quantity-range = La quantité doit être supérieure à 0.
invalid-min_lot-range = Le lot minimum ne peut pas être négatif.
invalid-price_per_unit_eur-range = Le prix va de 0 € (gratuit) à 10 millions d'euros HT par unité.
invalid-max_price_per_unit_eur-range = Le prix maximal va de 0 € à 10 millions d'euros HT par unité.
invalid-delivery_radius_km-range = Le rayon de livraison doit être supérieur à 0 km et d'au plus 2 000 km.
invalid-max_distance_km-range = La distance doit être supérieure à 0 km et d'au plus 1 000 km.
invalid-latitude-range = Une latitude va de -90 à 90.
invalid-longitude-range = Une longitude va de -180 à 180.
invalid-title-length = Le titre compte de 1 à 200 caractères.
invalid-description-length = La description compte au plus 5 000 caractères.
invalid-address-length = L'adresse compte de 1 à 300 caractères.
invalid-password-length = Le mot de passe compte de 10 à 128 caractères.
invalid-from-format = Choisissez un mois et écrivez l'année en quatre chiffres.
invalid-until-format = Choisissez un mois et écrivez l'année en quatre chiffres.
invalid-until-before_start = Le mois de fin vient avant le mois de début.
invalid-available_until-before_start = La fin de disponibilité vient avant son début.
invalid-needed_until-before_start = La fin du besoin vient avant son début.
invalid-delivery_radius_km-required = Indiquez jusqu'à quelle distance vous livrez.
invalid-waste_code-required = Une matière qui est encore un déchet demande son code déchet.
invalid-waste_code-unknown = Ce n'est pas un code de la liste des déchets.
invalid-material-unknown = Choisissez une catégorie de la liste.
invalid-body-required = Écrivez un message.
invalid-body-too_long = Un message compte au plus 4 000 caractères.

## Les conflits (conflict-<code>) qui n'avaient pas encore leurs mots.

conflict-conflict = Ce n'est pas possible en l'état.
conflict-duplicate_external_ref = Cette référence est déjà celle d'une autre annonce ou demande de votre organisation.
conflict-endpoint_disabled = Ce point de réception des webhooks est désactivé : réactivez-le d'abord.
conflict-idempotency_key_in_use = La même demande est encore en cours : réessayez dans un instant.
conflict-siret_missing = Une déclaration désigne l'organisation par son SIRET : ajoutez-le d'abord à l'organisation.
