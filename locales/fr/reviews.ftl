## Évaluations après enlèvement (issue 26) : le bloc de la page d'une mise en relation,
## la page publique d'une organisation.

review-title = Évaluer { $name }
review-lead = Une fois le lot enlevé, chaque partie peut évaluer l'autre, une seule fois ; l'évaluation reste modifiable 14 jours.
review-their-page = Voir la page de { $name }
review-collection = Enlèvement n° { $n }
review-yours = Votre évaluation
review-stars = { $n ->
    [one] { $n } étoile sur 5
   *[other] { $n } étoiles sur 5
}
review-rating = Note
review-comment = Commentaire (facultatif, 2 000 caractères au plus)
review-send = Publier l'évaluation
review-update = Modifier l'évaluation
review-editable-until = Modifiable jusqu'au { $date }.
review-locked = Cette évaluation n'est plus modifiable.
flash-review-posted = Évaluation publiée. Merci !
flash-review-edited = Évaluation modifiée.

invalid-rating-range = Choisissez une note de 1 à 5.
invalid-rating-required = Choisissez une note de 1 à 5.
invalid-comment-length = Le commentaire fait 2 000 caractères au plus.
conflict-not_collected = Ce lot n'a pas encore été enlevé : l'évaluation vient après l'enlèvement.
conflict-already_reviewed = Votre organisation a déjà évalué cet échange : modifiez l'évaluation existante.
conflict-review_locked = Cette évaluation n'est plus modifiable : elle l'est pendant 14 jours après sa publication.

org-exchanges = Échanges réalisés
org-rating = Note moyenne
org-rating-value = { $rating } sur 5 ({ $count ->
    [one] { $count } évaluation
   *[other] { $count } évaluations
})
org-no-rating = Pas encore évaluée
org-reviews = Évaluations reçues
org-no-reviews = Aucune évaluation pour l'instant.
