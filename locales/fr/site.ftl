## The site's basics: home, help, legal pages, sitemap (src/web/pages/site.rs, home.rs)

home-search-label = Trouver des matériaux près de chez vous
home-search-place = Commune ou code postal
home-search-place-hint = Par exemple : Lens, 62300, Loos-en-Gohelle
home-search-material = Matériau
home-search-submit = Rechercher
home-how-title = Comment ça marche
home-how-1-title = Vous avez des matériaux en trop
home-how-1 = Un chantier de démolition, un fond de stock, des chutes de textile, des terres excavées : publiez-les avec leur quantité, leur état, le lieu et les dates où ils sont disponibles.
home-how-2-title = Vous cherchez des matériaux
home-how-2 = Cherchez autour d'une commune, réservez une quantité directement depuis l'annonce, ou publiez votre besoin : Terril vous prévient par email dès qu'un lot proche correspond.
home-how-3-title = Vous échangez, et cela se compte
home-how-3 = Le détenteur confirme, vous convenez de l'enlèvement, et chaque échange terminé compte les tonnes évitées en décharge et le CO2e évité, transport déduit.
home-help-link = Questions fréquentes

help-title = Aide
help-lead = Terril met en relation ceux qui ont des matériaux de réemploi en trop et ceux qui en cherchent, près les uns des autres.
help-post-title = Publier des matériaux
help-post = Créez un compte pour votre organisation, puis « Proposer des matériaux » : un titre, la catégorie, la quantité et son unité, l'état, le lieu (une commune suffit, la carte place le repère) et la date à partir de laquelle le lot est disponible. Enregistrez un brouillon ou publiez : une annonce publiée est visible de tous et comparée aux besoins proches.
help-find-title = Trouver et réserver
help-find = « Trouver des matériaux » cherche autour d'une commune ou d'un code postal, sur la carte et en liste, du plus proche au plus loin. Depuis une annonce, réservez une quantité ou écrivez au détenteur ; sans compte, créez-en un : vous revenez ensuite sur l'annonce.
help-match-title = Être prévenu
help-match = Publiez un besoin (« Chercher des matériaux ») : Terril le compare à chaque nouvelle annonce et vous écrit quand un lot proche correspond, avec le détail de la note (catégorie, distance, quantité, dates, état). Vous choisissez dans votre compte quels emails recevoir et à quel rythme.
help-exchange-title = Après la réservation
help-exchange = Le détenteur confirme ou refuse. Une fois confirmée, vous voyez le lieu d'enlèvement et ses coordonnées ; le détenteur indique ensuite la quantité enlevée, et l'échange est compté dans l'impact des deux organisations.
help-waste-title = Déchets, terres et sédiments
help-waste = Un matériau qui a encore le statut de déchet porte son code de la liste européenne des déchets. Pour les terres excavées et les sédiments, les registres demandés par la réglementation peuvent être exportés depuis l'API.
help-api-title = Pour les logiciels
help-api = Tout ce que font les pages passe par la même API publique, documentée : clés, webhooks, flux des changements, écritures idempotentes.
help-contact-title = Nous écrire
help-contact = Une question, un problème ? Écrivez à { $email }.
help-contact-missing = Une question, un problème ? L'exploitant de ce service n'a pas encore indiqué d'adresse de contact (voir les mentions légales).

legal-title = Mentions légales
legal-publisher = Éditeur du service
legal-name = Nom
legal-form = Forme juridique
legal-address = Adresse
legal-registration = Immatriculation
legal-email = Email
legal-phone = Téléphone
legal-director = Directeur ou directrice de la publication
legal-host = Hébergeur
legal-missing = non renseigné
legal-missing-note = Certains renseignements n'ont pas été fournis par l'exploitant de ce service (réglages « web.operator »).
legal-software = Logiciel
legal-software-text = Ce service fonctionne avec Terril, logiciel libre. Les communes proviennent du Code officiel géographique de l'INSEE et de la base des codes postaux de La Poste (Licence Ouverte), les positions de GeoNames (CC BY 4.0), les fonds de carte d'OpenStreetMap (© les contributeurs d'OpenStreetMap).

terms-title = Conditions générales d'utilisation
terms-object-title = Objet
terms-object = Ce service permet à des organisations de publier des matériaux disponibles pour le réemploi et des besoins, d'être mises en relation et de convenir d'échanges. L'exploitant n'est pas partie aux échanges : il n'achète ni ne vend de matériaux.
terms-account-title = Compte
terms-account = Un compte est ouvert au nom d'une organisation, identifiée par son numéro SIRET. La personne qui le crée garantit qu'elle est habilitée à agir pour elle et que les informations fournies sont exactes. Chaque personne garde ses identifiants pour elle.
terms-posts-title = Annonces et besoins
terms-posts = Le détenteur décrit ses lots avec sincérité : catégorie, quantité, état, lieu, dates et, s'il s'agit encore de déchets, leur code. Il reste responsable du respect des règles qui s'appliquent aux déchets, aux terres excavées et à la traçabilité. Les annonces publiées sont publiques.
terms-exchange-title = Réservations et échanges
terms-exchange = Une réservation engage le repreneur pour la quantité demandée, sous réserve de la confirmation du détenteur. Les conditions d'enlèvement, de livraison et de paiement éventuel sont convenues entre les parties.
terms-impact-title = Chiffres d'impact
terms-impact = Les tonnes et le CO2e évités sont des estimations calculées à partir de facteurs publiés, dont les sources sont citées ; ils ne remplacent pas les déclarations réglementaires.
terms-end-title = Fin de l'utilisation
terms-end = Une organisation peut retirer ses annonces à tout moment. L'exploitant peut suspendre un compte qui publie des contenus trompeurs ou illicites.

privacy-title = Confidentialité
privacy-what-title = Ce que nous enregistrons
privacy-what = Pour chaque personne : son nom, son adresse email, son mot de passe sous une forme hachée qui ne permet pas de le retrouver, sa langue et ses préférences d'emails. Pour chaque organisation : son nom, son SIRET, son adresse et ses publications. Les échanges entre organisations (réservations, messages) sont conservés pour leur suivi et leur comptage.
privacy-why-title = Pourquoi
privacy-why = Pour faire fonctionner le service (mise en relation, emails que vous avez choisis, sécurité des comptes) : c'est l'exécution du service que vous demandez. Aucune donnée n'est vendue ni utilisée pour de la publicité.
privacy-cookies-title = Cookies
privacy-cookies = Le site n'utilise que des cookies nécessaires : la session de la personne connectée, un identifiant du navigateur pour protéger les formulaires, et la langue choisie. Aucun traceur, aucune mesure d'audience tierce : aucun bandeau de consentement n'est donc nécessaire.
privacy-rights-title = Vos droits
privacy-rights = Vous pouvez accéder à vos données, les faire rectifier ou effacer, et vous opposer à leur traitement en écrivant à { $contact }. Vous pouvez aussi adresser une réclamation à la CNIL.
privacy-contact-missing = l'exploitant du service (voir les mentions légales)

footer-help = Aide
footer-legal = Mentions légales
footer-terms = CGU
footer-privacy = Confidentialité

error-rate_limited-wait = Trop de demandes en peu de temps. Attendez { $seconds ->
    [one] une seconde
   *[other] { $seconds } secondes
  } avant de recommencer.
error-rate_limited-kept = Ce que vous aviez saisi est conservé (sauf les mots de passe) : vous pourrez l'envoyer à nouveau.
error-rate_limited-resend = Envoyer à nouveau
search-refine = Modifier la recherche
