# What became of a post just published: its matches (issue 25, feedback after publishing).
flash-listings-published-found = Listing published. { $count ->
    [0] No wanted request fits it yet: Terril will write to you as soon as one does.
    [one] Terril found one wanted request that fits it: you and its author are told by email.
   *[other] Terril found { $count } wanted requests that fit it: you and their authors are told by email.
  }
flash-wanted-published-found = Wanted request published. { $count ->
    [0] No listing fits it yet: Terril will write to you as soon as one does.
    [one] Terril found one listing that fits it: you and its holder are told by email.
   *[other] Terril found { $count } listings that fit it: you and their holders are told by email.
  }
post-matches-title = Matches
post-matches-searching = Terril is looking for what fits right now: reload the page in a moment.
post-matches-count = { $count ->
    [0] No match yet. Terril writes to you as soon as a new post fits.
    [one] One open match.
   *[other] { $count } open matches.
  }
post-matches-link = See the matches
