## Reviews after collection (issue 26): the block on a match's page, an organisation's
## public page.

review-title = Rate { $name }
review-lead = Once the lot is collected, each side may rate the other, once; the review can be edited for 14 days.
review-their-page = See { $name }'s page
review-collection = Collection { $n }
review-yours = Your review
review-stars = { $n ->
    [one] { $n } star out of 5
   *[other] { $n } stars out of 5
}
review-rating = Rating
review-comment = Comment (optional, at most 2,000 characters)
review-send = Publish the review
review-update = Update the review
review-editable-until = You can edit it until { $date }.
review-locked = This review can no longer be edited.
flash-review-posted = Review published. Thank you!
flash-review-edited = Review updated.

invalid-rating-range = Choose a rating from 1 to 5.
invalid-rating-required = Choose a rating from 1 to 5.
invalid-comment-length = The comment is at most 2,000 characters.
conflict-not_collected = This lot has not been collected yet: reviews come after collection.
conflict-already_reviewed = Your organisation has already reviewed this exchange: edit that review instead.
conflict-review_locked = This review can no longer be edited: reviews can be edited for 14 days after they are published.

org-exchanges = Exchanges completed
org-rating = Average rating
org-rating-value = { $rating } out of 5 ({ $count ->
    [one] { $count } review
   *[other] { $count } reviews
})
org-no-rating = Not rated yet
org-reviews = Reviews received
org-no-reviews = No reviews yet.
