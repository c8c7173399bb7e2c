//! A listing and its photos sent together, by the listing form: all or nothing. The
//! listing is checked first (no photo is decoded for a form refused anyway), then each
//! photo is checked and its images stored, and only then are the listing and the photos'
//! rows written, in one transaction. A refusal on the way keeps nothing: the images
//! already stored are removed. The limits are those of a photo added alone: each upload
//! is decoded within the same bounds, and a listing holds at most
//! [`MAX_PHOTOS_A_LISTING`], counted again in the transaction.
use crate::db::listing_photos::ListingPhoto;
use crate::db::listings::Listing;
use crate::db::{now, Db, DbConnection};
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{Actor, ListingId, OrganisationId};
use crate::posts::listing::ListingInput;
use crate::posts::version::Precondition;
use crate::posts::Posts;

use super::operations::{check_room, discard, record, stage, Staged, PHOTO_QUOTA};
use super::{Decoding, PhotoStore, Upload, MAX_PHOTOS_A_LISTING};

/// Why a listing sent with photos was not stored.
#[derive(Debug)]
pub enum Refusal {
    /// The listing itself: its fields, its status, who may edit it.
    Listing(DomainError),
    /// The photo at `index` among those sent (not an image, too many pixels, busy...).
    Photo { index: usize, error: DomainError },
    /// More photos than the listing can take, with those it has.
    TooMany,
}

/// What storing a listing with its photos reaches.
pub struct WithPhotos<'a> {
    pub posts: Posts,
    pub db: &'a Db,
    pub decoding: &'a Decoding,
    pub store: &'a PhotoStore,
}

impl WithPhotos<'_> {
    /// Stores a new listing of the actor's organisation (a draft or published) with
    /// `uploads` as its photos, in the order sent.
    pub async fn create(
        &self,
        actor: Actor,
        input: ListingInput,
        publish: bool,
        uploads: Vec<Upload>,
    ) -> Result<Listing, Refusal> {
        let organisation_id = actor.organisation().map_err(Refusal::Listing)?.clone();
        let checked = self.posts.check(actor, input).await;
        let checked = checked.map_err(Refusal::Listing)?;
        if uploads.len() > MAX_PHOTOS_A_LISTING as usize {
            return Err(Refusal::TooMany);
        }
        let staged = self.stage_all(uploads).await?;
        let rows = staged.clone();
        let also = move |conn: &mut DbConnection, listing: &Listing| {
            record_all(conn, &rows, &listing.id, &organisation_id)
        };
        let stored = self.posts.create_checked(checked, publish, also).await;
        self.kept(&staged, stored).await
    }

    /// Replaces the details of the actor's listing and adds `uploads` to its photos.
    pub async fn update(
        &self,
        actor: Actor,
        id: ListingId,
        input: ListingInput,
        uploads: Vec<Upload>,
    ) -> Result<Listing, Refusal> {
        let organisation_id = actor.organisation().map_err(Refusal::Listing)?.clone();
        let checked = self.posts.check(actor, input).await;
        let checked = checked.map_err(Refusal::Listing)?;
        if !uploads.is_empty() {
            let (listing, org) = (id.clone(), organisation_id.clone());
            let held = self
                .db
                .run(move |conn| -> Result<i64, DomainError> {
                    check_room(conn, &listing, &org)?;
                    Ok(ListingPhoto::count_of_listing(conn, &listing)?)
                })
                .await
                .map_err(photos_refusal)?;
            if held as usize + uploads.len() > MAX_PHOTOS_A_LISTING as usize {
                return Err(Refusal::TooMany);
            }
        }
        let staged = self.stage_all(uploads).await?;
        let rows = staged.clone();
        let also = move |conn: &mut DbConnection, listing: &Listing| {
            record_all(conn, &rows, &listing.id, &organisation_id)
        };
        let precondition = Precondition::None;
        let stored = self
            .posts
            .update_checked(checked, id, precondition, also)
            .await;
        self.kept(&staged, stored).await
    }

    /// Each upload checked and its images stored; at the first refused, none is kept.
    async fn stage_all(&self, uploads: Vec<Upload>) -> Result<Vec<Staged>, Refusal> {
        let mut staged = Vec::with_capacity(uploads.len());
        for (index, upload) in uploads.into_iter().enumerate() {
            match stage(self.decoding, self.store, upload).await {
                Ok(photo) => staged.push(photo),
                Err(error) => {
                    discard(self.store, &staged).await;
                    return Err(Refusal::Photo { index, error });
                }
            }
        }
        Ok(staged)
    }

    /// The listing stored, or the refusal, once the images of photos not recorded are
    /// removed.
    async fn kept(
        &self,
        staged: &[Staged],
        stored: Result<Listing, DomainError>,
    ) -> Result<Listing, Refusal> {
        match stored {
            Ok(listing) => Ok(listing),
            Err(error) => {
                discard(self.store, staged).await;
                Err(photos_refusal(error))
            }
        }
    }
}

/// The rows of the staged photos, each counted against the listing's room.
fn record_all(
    conn: &mut DbConnection,
    staged: &[Staged],
    listing_id: &ListingId,
    organisation_id: &OrganisationId,
) -> Result<(), DomainError> {
    let at = now();
    for photo in staged {
        record(conn, &photo.row(listing_id.clone(), at), organisation_id)?;
    }
    Ok(())
}

/// A listing full of photos is said as such; any other error is the listing's.
fn photos_refusal(error: DomainError) -> Refusal {
    match error {
        DomainError::Conflict(Conflict::QuotaExceeded { resource, .. })
            if resource == PHOTO_QUOTA =>
        {
            Refusal::TooMany
        }
        other => Refusal::Listing(other),
    }
}
