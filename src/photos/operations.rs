//! The rules on photos, in the caller's transaction: only the listing's organisation adds
//! or removes them, at most [`MAX_PHOTOS_A_LISTING`], and a photo is seen by whoever may
//! see its listing. Then the operations the API and the pages share (`photos_of`,
//! `add_photo`, `remove_photo`, `image_of`): rows and images together.
use actix_web::web::Bytes;
use chrono::NaiveDateTime;

use crate::db::listing_photos::ListingPhoto;
use crate::db::listings::Listing;
use crate::db::{Db, DbConnection};
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{Actor, ListingId, OrganisationId, PhotoId, PostStatus};
use crate::posts::lifecycle::may_see;
use crate::views::photos::PhotoView;

use super::store::Size;
use super::{Decoding, PhotoStore, Upload, MAX_PHOTOS_A_LISTING};

/// What a listing's photos count against (see [`Conflict::check_quota`]).
pub const PHOTO_QUOTA: &str = "photos on this listing";

/// The organisation's listing, if it may take one more photo.
pub fn check_room(
    conn: &mut DbConnection,
    listing_id: &ListingId,
    organisation_id: &OrganisationId,
) -> Result<Listing, DomainError> {
    let listing = owned(conn, listing_id, organisation_id)?;
    if listing.status == PostStatus::Withdrawn {
        return Err(Conflict::Other("this listing is withdrawn".into()).into());
    }
    let held = ListingPhoto::count_of_listing(conn, listing_id)?;
    Conflict::check_quota(PHOTO_QUOTA, held, MAX_PHOTOS_A_LISTING)?;
    Ok(listing)
}

/// Records a photo whose images are stored, checking again (another upload may have come
/// in meanwhile).
pub fn record(
    conn: &mut DbConnection,
    photo: &ListingPhoto,
    organisation_id: &OrganisationId,
) -> Result<(), DomainError> {
    check_room(conn, &photo.listing_id, organisation_id)?;
    photo.insert(conn)?;
    Ok(())
}

/// The photo, if `viewer` may see its listing.
pub fn visible(
    conn: &mut DbConnection,
    id: &PhotoId,
    viewer: Option<&OrganisationId>,
) -> Result<ListingPhoto, DomainError> {
    let photo = ListingPhoto::find(conn, id)?.ok_or(DomainError::NotFound)?;
    let listing = Listing::find(conn, &photo.listing_id)?.ok_or(DomainError::NotFound)?;
    if !may_see(viewer, &listing.organisation_id, listing.status) {
        return Err(DomainError::NotFound);
    }
    Ok(photo)
}

/// The photos of a listing `viewer` may see.
pub fn of_listing(
    conn: &mut DbConnection,
    listing_id: &ListingId,
    viewer: Option<&OrganisationId>,
) -> Result<Vec<ListingPhoto>, DomainError> {
    let listing = Listing::find(conn, listing_id)?.ok_or(DomainError::NotFound)?;
    if !may_see(viewer, &listing.organisation_id, listing.status) {
        return Err(DomainError::NotFound);
    }
    Ok(ListingPhoto::of_listing(conn, listing_id)?)
}

/// Removes the row of one of the organisation's photos; the caller then removes its images.
pub fn remove(
    conn: &mut DbConnection,
    listing_id: &ListingId,
    id: &PhotoId,
    organisation_id: &OrganisationId,
) -> Result<ListingPhoto, DomainError> {
    owned(conn, listing_id, organisation_id)?;
    let photo = ListingPhoto::find(conn, id)?
        .filter(|p| p.listing_id == *listing_id)
        .ok_or(DomainError::NotFound)?;
    ListingPhoto::delete(conn, id)?;
    Ok(photo)
}

fn owned(
    conn: &mut DbConnection,
    listing_id: &ListingId,
    organisation_id: &OrganisationId,
) -> Result<Listing, DomainError> {
    Listing::find(conn, listing_id)?
        .filter(|l| l.organisation_id == *organisation_id)
        .ok_or(DomainError::NotFound)
}

/// The first photo of each listing that has one, for results that show a thumbnail; the
/// caller passes listings anyone may see (search hits).
pub fn covers_of(
    conn: &mut DbConnection,
    listing_ids: &[ListingId],
) -> Result<std::collections::HashMap<ListingId, PhotoId>, DomainError> {
    Ok(ListingPhoto::covers_of(conn, listing_ids)?)
}

/// The photos of a listing as `viewer` may see them (the API's and the page's).
pub async fn photos_of(
    db: &Db,
    listing_id: ListingId,
    viewer: Option<OrganisationId>,
) -> Result<Vec<PhotoView>, DomainError> {
    let photos = db
        .run(move |conn| of_listing(conn, &listing_id, viewer.as_ref()))
        .await?;
    Ok(photos.into_iter().map(PhotoView::from).collect())
}

/// Adds `upload` to the actor's listing: checked, re-encoded, stored, recorded at `at`.
pub async fn add_photo(
    db: &Db,
    decoding: &Decoding,
    store: &PhotoStore,
    actor: &Actor,
    listing_id: ListingId,
    upload: Upload,
    at: NaiveDateTime,
) -> Result<ListingPhoto, DomainError> {
    if upload.is_empty() {
        return Err(DomainError::field(
            "photo",
            "required",
            "choose a photo to send",
        ));
    }
    let organisation_id = actor.organisation()?.clone();
    let (org, listing) = (organisation_id.clone(), listing_id.clone());
    db.run(move |conn| check_room(conn, &listing, &org).map(drop))
        .await?;
    let staged = stage(decoding, store, upload).await?;
    let photo = staged.row(listing_id, at);
    let row = photo.clone();
    let recorded = db
        .transact(move |conn| record(conn, &row, &organisation_id))
        .await;
    if let Err(error) = recorded {
        discard(store, &[staged]).await;
        return Err(error);
    }
    Ok(photo)
}

/// A photo whose images are stored and whose row is not written yet: reachable by no one
/// until it is (see [`discard`] when it will not be).
#[derive(Debug, Clone)]
pub struct Staged {
    pub id: PhotoId,
    width: u32,
    height: u32,
    bytes: usize,
}

impl Staged {
    /// Its row, as a photo of `listing_id` added at `at`.
    pub fn row(&self, listing_id: ListingId, at: NaiveDateTime) -> ListingPhoto {
        ListingPhoto {
            id: self.id.clone(),
            listing_id,
            width: self.width as i32,
            height: self.height as i32,
            bytes: self.bytes as i32,
            created_at: at,
        }
    }
}

/// Checks and re-encodes `upload`, and stores its images under a new photo id.
pub async fn stage(
    decoding: &Decoding,
    store: &PhotoStore,
    upload: Upload,
) -> Result<Staged, DomainError> {
    let prepared = decoding.prepare(upload).await?;
    let staged = Staged {
        id: PhotoId::generate(),
        width: prepared.width,
        height: prepared.height,
        bytes: prepared.full.len(),
    };
    let stored = async {
        store.put(&staged.id, Size::Full, prepared.full).await?;
        store.put(&staged.id, Size::Thumb, prepared.thumb).await
    };
    if let Err(error) = stored.await {
        discard(store, std::slice::from_ref(&staged)).await;
        return Err(DomainError::internal(error));
    }
    Ok(staged)
}

/// Removes the images of photos that will not be recorded: no row would ever reach them.
pub async fn discard(store: &PhotoStore, staged: &[Staged]) {
    for photo in staged {
        if let Err(e) = store.delete(&photo.id).await {
            tracing::warn!(error = %e, "could not remove the images of an unrecorded photo");
        }
    }
}

/// Removes one of the actor's photos, its row then its images.
pub async fn remove_photo(
    db: &Db,
    store: &PhotoStore,
    actor: &Actor,
    listing_id: ListingId,
    photo_id: PhotoId,
) -> Result<(), DomainError> {
    let organisation_id = actor.organisation()?.clone();
    let removed = db
        .transact(move |conn| remove(conn, &listing_id, &photo_id, &organisation_id))
        .await?;
    if let Err(e) = store.delete(&removed.id).await {
        // The row is gone, so nothing links to them; they only take room.
        tracing::warn!(error = %e, photo = %removed.id, "could not remove a photo's images");
    }
    Ok(())
}

/// The JPEG `file` (`full.jpg` or `thumb.jpg`) of a photo, if `viewer` may see its
/// listing (the API's and the page's).
pub async fn image_of(
    db: &Db,
    store: &PhotoStore,
    id: PhotoId,
    file: &str,
    viewer: Option<OrganisationId>,
) -> Result<Bytes, DomainError> {
    let size = Size::parse(file).ok_or(DomainError::NotFound)?;
    let photo = db
        .run(move |conn| visible(conn, &id, viewer.as_ref()))
        .await?;
    store
        .get(&photo.id, size)
        .await
        .map_err(|e| DomainError::internal(e.context("reading a photo")))
}
