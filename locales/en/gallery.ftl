# The listing's gallery, and the photos chosen in the listing form (issue 25). Every key
# is also in locales/fr/gallery.ftl.
gallery-large-alt = { $count ->
    [one] Photo of “{ $title }”
   *[other] Photo { $n } of { $count } of “{ $title }”
}
gallery-position = Photo { $n } of { $count }
gallery-open-full = Open the photo at full size
gallery-previous = Previous photo
gallery-next = Next photo
gallery-thumbs-label = Choose the photo to enlarge
gallery-thumb-alt = Enlarge photo { $n }
gallery-form-label = Add photos
gallery-form-hint = { $left ->
    [one] One more photo at most.
   *[other] Up to { $left } photos, chosen together.
} JPEG, PNG or WebP, 10 MB at most each. Metadata (the GPS position included) is removed.
gallery-form-held = { $count ->
    [one] This listing has one photo
   *[other] This listing has { $count } photos
}, { $max } at most.
gallery-form-remove = Remove a photo from the listing's page
photos-choose-again = The photos chosen were not saved: correct the form, then choose them again.
photos-too-many = Too many photos: a listing has { $max } at most, counting those it already has. Nothing was saved: choose fewer.
photo-file-refused = The file “{ $file }” was refused. { $why } Nothing was saved: choose your photos again.
