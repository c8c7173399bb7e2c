//! The rules on photos, in the caller's transaction: only the listing's organisation adds
//! or removes them, at most [`MAX_PHOTOS_A_LISTING`], and a photo is seen by whoever may
//! see its listing.
use crate::db::listing_photos::ListingPhoto;
use crate::db::listings::Listing;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{ListingId, OrganisationId, PhotoId, PostStatus};
use crate::posts::lifecycle::may_see;

use super::MAX_PHOTOS_A_LISTING;

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
    Conflict::check_quota("photos on this listing", held, MAX_PHOTOS_A_LISTING)?;
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
