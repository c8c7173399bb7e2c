//! What the match page shows of the two posts behind a match (issue 25, "a match that
//! shows the lot"): the listing and the wanted request as their pages show them, the
//! listing's photos, the communes by name, and what each side may still do with them.
use minijinja::{context, Value};

use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::{ListingId, OrganisationId, PostStatus, ReservationStatus, WantedId};
use crate::gazetteer::gazetteer;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::views::exchange::MatchDetail;
use crate::views::posts::Shown;
use crate::web::Visitor;

/// The lot's variables for `match.html`: `listing`, `wanted`, `photos`, their communes,
/// and the actions that still apply (`may_reserve`, `may_say_interest`).
pub async fn lot(
    state: &AppState,
    visitor: &Visitor,
    found: &MatchDetail,
    viewer: OrganisationId,
) -> Result<Value, ApiError> {
    let listing_id = ListingId::parse(&found.summary.listing.id).ok_or(ApiError::NotFound)?;
    let wanted_id = WantedId::parse(&found.summary.wanted.id).ok_or(ApiError::NotFound)?;
    let id = listing_id.clone();
    let (listing, wanted) = state
        .db
        .read(move |conn| {
            let listing = Listing::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let wanted = WantedRequest::find(conn, &wanted_id)?.ok_or(ApiError::NotFound)?;
            Ok((listing, wanted))
        })
        .await?;
    let photos =
        crate::photos::operations::photos_of(&state.db, listing_id, Some(viewer.clone())).await?;
    let holder = found.summary.side == "holder";
    let listing_commune = gazetteer().label_of(listing.insee_code.as_deref());
    let wanted_commune = gazetteer().label_of(wanted.insee_code.as_deref());
    let open_listing = matches!(listing.status, PostStatus::Published | PostStatus::Reserved);
    let left = listing.quantity_available;
    // Asked from the listing's page: the need is the taker's ask, not a post of its own.
    let written_for_listing = wanted.for_listing_id.is_some();
    let collected = found
        .reservations
        .iter()
        .any(|r| r.status == ReservationStatus::Completed);
    let open = found.summary.status == crate::domain::MatchStatus::Open;
    let taxonomy = &state.catalogue.taxonomy;
    let listing = listing.view(taxonomy, visitor.lang, holder);
    let wanted = wanted.view(taxonomy, visitor.lang, !holder);
    Ok(context! {
        listing => Value::from_serialize(&listing),
        wanted => Value::from_serialize(&wanted),
        photos => Value::from_serialize(&photos),
        listing_commune,
        wanted_commune,
        written_for_listing,
        may_reserve => open && !holder && open_listing && left > 0.0,
        may_say_interest => open && !collected,
    })
}
