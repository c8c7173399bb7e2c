# The listing's gallery, and the photos chosen in the listing form (issue 25). Every key
# is also in locales/en/gallery.ftl.
gallery-large-alt = { $count ->
    [one] Photo de « { $title } »
   *[other] Photo { $n } sur { $count } de « { $title } »
}
gallery-position = Photo { $n } sur { $count }
gallery-open-full = Ouvrir la photo en taille réelle
gallery-previous = Photo précédente
gallery-next = Photo suivante
gallery-thumbs-label = Choisir la photo à agrandir
gallery-thumb-alt = Agrandir la photo { $n }
gallery-form-label = Ajouter des photos
gallery-form-hint = { $left ->
    [one] Une photo de plus au plus.
   *[other] Jusqu'à { $left } photos, à choisir ensemble.
} JPEG, PNG ou WebP, 10 Mo au plus chacune. Les métadonnées (dont la position GPS) sont retirées.
gallery-form-held = { $count ->
    [one] Cette annonce a une photo
   *[other] Cette annonce a { $count } photos
}, { $max } au plus.
gallery-form-remove = Retirer une photo depuis la page de l'annonce
photos-choose-again = Les photos choisies n'ont pas été enregistrées : corrigez le formulaire, puis choisissez-les à nouveau.
photos-too-many = Trop de photos : une annonce en a { $max } au plus, en comptant celles qu'elle a déjà. Rien n'a été enregistré : choisissez-en moins.
photo-file-refused = Le fichier « { $file } » est refusé. { $why } Rien n'a été enregistré : choisissez à nouveau vos photos.
