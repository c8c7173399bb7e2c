# What became of a post just published: its matches (issue 25, feedback after publishing).
flash-listings-published-found = Annonce publiée. { $count ->
    [0] Aucun besoin ne lui correspond pour l'instant : Terril vous écrira dès qu'un besoin publié lui correspondra.
    [one] Terril a trouvé un besoin qui lui correspond : vous et son auteur êtes prévenus par e-mail.
   *[other] Terril a trouvé { $count } besoins qui lui correspondent : vous et leurs auteurs êtes prévenus par e-mail.
  }
flash-wanted-published-found = Besoin publié. { $count ->
    [0] Aucune annonce ne lui correspond pour l'instant : Terril vous écrira dès qu'une annonce publiée lui correspondra.
    [one] Terril a trouvé une annonce qui lui correspond : vous et son détenteur êtes prévenus par e-mail.
   *[other] Terril a trouvé { $count } annonces qui lui correspondent : vous et leurs détenteurs êtes prévenus par e-mail.
  }
post-matches-title = Mises en relation
post-matches-searching = Terril cherche en ce moment ce qui correspond : rechargez la page dans un instant.
post-matches-count = { $count ->
    [0] Aucune mise en relation pour l'instant. Terril vous écrit dès qu'une nouvelle publication correspond.
    [one] Une mise en relation ouverte.
   *[other] { $count } mises en relation ouvertes.
  }
post-matches-link = Voir les mises en relation
