//! Reservations: the taker asks for a quantity of a matched listing, the holder confirms
//! or refuses, the exchange is completed (collected) or cancelled. Asking takes the
//! quantity from the listing at once, in one conditional UPDATE, so concurrent takers can
//! never reserve more than is left; refusing and cancelling give it back.
//!
//! Lock order, for every writer: the listing, then the match, then the reservation.
use super::history::record as record_event;
use crate::db::jobs::Job;
use crate::db::listings::Listing;
use crate::db::matches::Match;
use crate::db::reservations::{give_back_to_listing, take_from_listing, Reservation};
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{
    HistoryKind, Interest, JobKind, ListingId, MatchId, OrganisationId, PostChange, PostStatus,
    ReservationId, ReservationStatus,
};
use crate::events;

use super::completion::{self, Completion};
use super::matches::{refusal, side_of, visible};
use super::transitions::{Action, Side};
use super::Context;
use crate::domain::Actor;

/// Quantities are floats: a reservation of exactly what is left must not fail on rounding.
const EPSILON: f64 = 1e-9;

/// The taker asks for `quantity` of the match's listing; returns the reservation and the
/// listing as it is after it.
pub fn reserve(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    match_id: &MatchId,
    quantity: f64,
) -> Result<(Reservation, Listing), DomainError> {
    if !(quantity.is_finite() && quantity > 0.0) {
        return Err(DomainError::field(
            "quantity",
            "range",
            "the quantity must be more than 0",
        ));
    }
    let organisation_id = actor.organisation()?;
    let m = visible(conn, match_id, organisation_id)?;
    if side_of(&m, organisation_id) != Some(Side::Taker) {
        return Err(DomainError::Forbidden("only the taker reserves"));
    }
    let listing = Listing::find(conn, &m.listing_id)?.ok_or(DomainError::NotFound)?;
    if quantity + EPSILON < listing.min_lot {
        let message = format!("the minimum lot is {} {}", listing.min_lot, listing.unit);
        return Err(DomainError::field("quantity", "below_min_lot", &message));
    }
    // The listing row first, then the match: the order the matcher takes them in.
    if !take_from_listing(conn, &listing.id, quantity, cx.at)? {
        return Err(short_of(conn, &listing.id)?.into());
    }
    // A decline or a closing committed meanwhile is seen here (and the take rolls back).
    if !Match::set_interest(conn, &m.id, false, Interest::Interested, true, cx.at)? {
        let now = Match::find(conn, &m.id)?.ok_or(DomainError::NotFound)?;
        return Err(refusal(&now).into());
    }
    let reservation = Reservation {
        id: ReservationId::generate(),
        match_id: m.id.clone(),
        listing_id: listing.id.clone(),
        wanted_request_id: m.wanted_request_id.clone(),
        quantity,
        unit: listing.unit,
        status: ReservationStatus::Requested,
        mass_t: share_of_mass(&listing, quantity),
        co2e_avoided_kg: None,
        requested_by: actor.user_id.clone(),
        created_at: cx.at,
        updated_at: cx.at,
    };
    reservation.insert(conn)?;
    let requested = HistoryKind::ReservationRequested;
    record_event(conn, &m, Some(&reservation.id), requested, actor, None)?;
    let listing = settle_listing(conn, cx, actor, &listing.id, true)?;
    Ok((reservation, listing))
}

/// What is available of a listing whose quantity its holder has just edited: the new
/// quantity less what reservations hold; less than they hold is refused.
pub fn requantify(conn: &mut DbConnection, listing: &mut Listing) -> Result<(), DomainError> {
    let held = Reservation::held(conn, &listing.id)?;
    listing.quantity_available = listing.quantity - held;
    if listing.quantity_available < -EPSILON {
        let unit = listing.unit;
        return Err(Conflict::QuantityHeld { held, unit }.into());
    }
    Ok(())
}

/// Why a take failed: what is left, or the listing's status when it is not open.
fn short_of(conn: &mut DbConnection, listing_id: &ListingId) -> Result<Conflict, DomainError> {
    let listing = Listing::find(conn, listing_id)?.ok_or(DomainError::NotFound)?;
    Ok(if listing.status.is_visible() {
        Conflict::InsufficientQuantity {
            available: listing.quantity_available.max(0.0),
            unit: listing.unit,
        }
    } else {
        Conflict::InvalidTransition {
            current: listing.status.as_str(),
            action: "reserved",
        }
    })
}

/// The mass of `quantity` of the listing, where its mass is known.
fn share_of_mass(listing: &Listing, quantity: f64) -> Option<f64> {
    let mass = listing.mass_t?;
    (listing.quantity > 0.0).then(|| (mass * quantity / listing.quantity * 1000.0).round() / 1000.0)
}

/// The reservation and its match, if the organisation is on one side.
pub fn visible_reservation(
    conn: &mut DbConnection,
    id: &ReservationId,
    organisation_id: &OrganisationId,
) -> Result<(Reservation, Match), DomainError> {
    let reservation = Reservation::find(conn, id)?.ok_or(DomainError::NotFound)?;
    let m = visible(conn, &reservation.match_id, organisation_id)?;
    Ok((reservation, m))
}

/// One side takes a step of the reservation (see `transitions`); returns the reservation
/// and the listing as they are after it.
pub fn act(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &ReservationId,
    action: Action,
) -> Result<(Reservation, Listing), DomainError> {
    complete_or_act(conn, cx, actor, id, action, &Completion::default())
}

/// The holder records what was collected (see `completion`), and the reservation is
/// completed; returns it and the listing as they are after it.
pub fn complete(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &ReservationId,
    completion: &Completion,
) -> Result<(Reservation, Listing), DomainError> {
    complete_or_act(conn, cx, actor, id, Action::Complete, completion)
}

fn complete_or_act(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &ReservationId,
    action: Action,
    completion: &Completion,
) -> Result<(Reservation, Listing), DomainError> {
    let organisation_id = actor.organisation()?;
    let (reservation, m) = visible_reservation(conn, id, organisation_id)?;
    let side = side_of(&m, organisation_id).ok_or(DomainError::NotFound)?;
    apply(conn, cx, actor, side, reservation, &m, action, completion)
}

#[allow(clippy::too_many_arguments)]
fn apply(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    side: Side,
    mut reservation: Reservation,
    m: &Match,
    action: Action,
    completion: &Completion,
) -> Result<(Reservation, Listing), DomainError> {
    let to = action.check(reservation.status, side)?;
    // The listing first, then the reservation: the order every writer takes them in.
    Listing::lock(conn, &reservation.listing_id)?;
    let reserved = reservation.quantity;
    let co2e = match action {
        Action::Complete => completion::record(conn, cx, &mut reservation, m, completion)?,
        _ => None,
    };
    if !Reservation::transition(conn, &reservation.id, action.from(), to, co2e, cx.at)? {
        // A concurrent step got there first: report the status it left.
        let now = Reservation::find(conn, &reservation.id)?.ok_or(DomainError::NotFound)?;
        return Err(Conflict::InvalidTransition {
            current: now.status.as_str(),
            action: action.done(),
        }
        .into());
    }
    if action.gives_back() {
        give_back_to_listing(conn, &reservation.listing_id, reservation.quantity, cx.at)?;
    }
    reservation.status = to;
    reservation.co2e_avoided_kg = co2e;
    reservation.updated_at = cx.at;
    record_event(conn, m, Some(&reservation.id), action.event(), actor, None)?;
    let quantity_changed = action.gives_back() || reservation.quantity < reserved;
    let listing = settle_listing(conn, cx, actor, &reservation.listing_id, quantity_changed)?;
    Ok((reservation, listing))
}

/// Sets the listing's status from what is left and held: exhausted when nothing is left,
/// reserved while reservations wait, published otherwise; records the change as an event
/// (`quantity_changed`: the caller took or gave back quantity); and queues the listing for
/// matching, so its matches are re-scored, closed when it is exhausted, reopened when
/// quantity comes back. Only the status and version are written, under the row lock, so a
/// concurrent reservation's quantity is never overwritten.
/// The caller holds the listing's row lock already (it wrote or locked the row first).
pub fn settle_listing(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &ListingId,
    quantity_changed: bool,
) -> Result<Listing, DomainError> {
    let mut listing = Listing::find(conn, id)?.ok_or(DomainError::NotFound)?;
    let open = [
        PostStatus::Published,
        PostStatus::Reserved,
        PostStatus::Exhausted,
    ];
    if !open.contains(&listing.status) {
        return Ok(listing);
    }
    let pending = Reservation::count_pending(conn, id)?;
    let status = if listing.quantity_available <= EPSILON {
        PostStatus::Exhausted
    } else if pending > 0 {
        PostStatus::Reserved
    } else {
        PostStatus::Published
    };
    let status_changed = listing.status != status;
    Listing::set_status_if(conn, id, &open, status, cx.at)?;
    listing.status = status;
    listing.updated_at = cx.at;
    if status_changed && status == PostStatus::Exhausted {
        events::listing(conn, &listing, PostChange::Exhausted, actor, cx.at)?;
    } else if status_changed || quantity_changed {
        events::listing(conn, &listing, PostChange::Updated, actor, cx.at)?;
    }
    Job::enqueue(conn, JobKind::MatchListing, id, 0, cx.at)?;
    Ok(listing)
}

/// Cancels the listing's waiting reservations when its holder withdraws it, gives their
/// quantity back, records it on each match and tells each taker.
pub fn cancel_pending(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    listing: &Listing,
) -> Result<(), DomainError> {
    for reservation in Reservation::pending_of_listing(conn, &listing.id)? {
        let Some(m) = Match::find(conn, &reservation.match_id)? else {
            continue;
        };
        apply(
            conn,
            cx,
            actor,
            Side::Holder,
            reservation,
            &m,
            Action::Cancel,
            &Completion::default(),
        )?;
    }
    Ok(())
}
