//! Reservations: the taker asks for a quantity of a matched listing, the holder confirms
//! or refuses, the exchange is completed (collected) or cancelled. Asking takes the
//! quantity from the listing at once, in one conditional UPDATE, so concurrent takers can
//! never reserve more than is left; refusing and cancelling give it back.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::matches::views::ReservationView;
use super::matches::{actor, visible_match};
use crate::auth::Caller;
use crate::db::listings::Listing;
use crate::db::match_jobs::{MatchJob, LISTING};
use crate::db::matches::Match;
use crate::db::organisations::Organisation;
use crate::db::reservations::{
    give_back_to_listing, take_from_listing, Reservation, CANCELLED, COMPLETED, CONFIRMED, REFUSED,
    REQUESTED,
};
use crate::db::users::User;
use crate::db::wanted_requests::WantedRequest;
use crate::db::{new_id, now, DbConnection};
use crate::domain::{NotificationKind, PostStatus};
use crate::error::ApiError;
use crate::matching::messages::reservation_notice;
use crate::matching::reconcile::record_event;
use crate::matching::rules::co2e_avoided_kg;
use crate::notify::events::tell;
use crate::startup::AppState;

const EPSILON: f64 = 1e-9;

#[derive(Debug, Deserialize)]
pub struct ReservationInput {
    pub quantity: f64,
}

/// POST /api/v1/matches/{id}/reservations
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<ReservationInput>,
) -> Result<HttpResponse, ApiError> {
    let quantity = body.quantity;
    if !(quantity.is_finite() && quantity > 0.0) {
        return Err(ApiError::field(
            "quantity",
            "range",
            "the quantity must be more than 0",
        ));
    }
    let app = state.clone();
    let (reservation, listing) = state
        .db
        .write(move |conn| {
            let m = visible_match(conn, &id, &caller.organisation_id)?;
            if m.taker_organisation_id != caller.organisation_id {
                return Err(ApiError::Forbidden("only the taker reserves"));
            }
            reserve(conn, &app, &caller, m, quantity)
        })
        .await?;
    state.catalogue.apply_listing(&listing);
    Ok(HttpResponse::build(StatusCode::CREATED).json(ReservationView::from(reservation)))
}

fn reserve(
    conn: &mut DbConnection,
    state: &AppState,
    caller: &Caller,
    m: Match,
    quantity: f64,
) -> Result<(Reservation, Listing), ApiError> {
    let at = now();
    let listing = Listing::find(conn, &m.listing_id)?.ok_or(ApiError::NotFound)?;
    if quantity + EPSILON < listing.min_lot {
        let message = format!("the minimum lot is {} {}", listing.min_lot, listing.unit);
        return Err(ApiError::field("quantity", "below_min_lot", &message));
    }
    // The listing row first, then the match: the order the matcher takes them in.
    if !take_from_listing(conn, &listing.id, quantity, at)? {
        return Err(ApiError::Conflict(
            "not that much is left of this listing".into(),
        ));
    }
    // A decline or a closing committed meanwhile is seen here (and the take rolls back).
    if !Match::set_interest(conn, &m.id, false, "interested", true, at)? {
        return Err(ApiError::Conflict(
            "this match is closed or was declined".into(),
        ));
    }
    let reservation = Reservation {
        id: new_id(),
        match_id: m.id.clone(),
        listing_id: listing.id.clone(),
        wanted_request_id: m.wanted_request_id.clone(),
        quantity,
        unit: listing.unit.clone(),
        status: REQUESTED.into(),
        mass_t: share_of_mass(&listing, quantity),
        co2e_avoided_kg: None,
        requested_by: actor(caller).user_id,
        created_at: at,
        updated_at: at,
    };
    reservation.insert(conn)?;
    let event = record_event(
        conn,
        &m.id,
        Some(&reservation.id),
        "reservation_requested",
        &actor(caller),
        None,
    )?;
    let listing = settle_listing(conn, &listing.id)?;
    let taker = Organisation::find(conn, &caller.organisation_id)?;
    let holders = User::contacts_for_post(
        conn,
        listing.created_by.as_deref(),
        &listing.organisation_id,
    )?;
    for user in holders {
        tell(
            conn,
            &state.notifier,
            &user,
            NotificationKind::ReservationRequested,
            &event,
            |lang| {
                reservation_notice(
                    &state.notifier,
                    "reservation_requested",
                    &reservation,
                    &listing.title,
                    &taker.name,
                    lang,
                )
            },
        )?;
    }
    Ok((reservation, listing))
}

/// The mass of `quantity` of the listing, where its mass is known.
fn share_of_mass(listing: &Listing, quantity: f64) -> Option<f64> {
    let mass = listing.mass_t?;
    (listing.quantity > 0.0).then(|| (mass * quantity / listing.quantity * 1000.0).round() / 1000.0)
}

/// Sets the listing's status from what is left and held: exhausted when nothing is left,
/// reserved while reservations wait, published otherwise; and queues it for matching, so
/// its matches are re-scored, closed when it is exhausted, reopened when quantity comes
/// back. Only the status and version are written, under the row lock, so a concurrent
/// reservation's quantity is never overwritten.
/// The caller holds the listing's row lock already (it wrote or locked the row first).
pub fn settle_listing(conn: &mut DbConnection, id: &str) -> Result<Listing, ApiError> {
    let mut listing = Listing::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let open = ["published", "reserved", "exhausted"];
    if !open.contains(&listing.status.as_str()) {
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
    let at = now();
    Listing::set_status_if(conn, id, &open, status.as_str(), at)?;
    listing.status = status.as_str().into();
    listing.updated_at = at;
    MatchJob::enqueue(conn, LISTING, id, at)?;
    Ok(listing)
}

/// The reservation and its match, if the caller's organisation is on one side.
fn visible_reservation(
    conn: &mut DbConnection,
    id: &str,
    organisation_id: &str,
) -> Result<(Reservation, Match), ApiError> {
    let reservation = Reservation::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let m = visible_match(conn, &reservation.match_id, organisation_id)?;
    Ok((reservation, m))
}

/// GET /api/v1/reservations/{id}
#[tracing::instrument(skip_all)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reservation = state
        .db
        .read(move |conn| Ok(visible_reservation(conn, &id, &caller.organisation_id)?.0))
        .await?;
    Ok(HttpResponse::Ok().json(ReservationView::from(reservation)))
}

/// What each action does: who may do it, from which statuses, to which.
struct Step {
    holder_only: bool,
    from: &'static [&'static str],
    to: &'static str,
    gives_back: bool,
    event: &'static str,
}

const CONFIRM: Step = Step {
    holder_only: true,
    from: &[REQUESTED],
    to: CONFIRMED,
    gives_back: false,
    event: "reservation_confirmed",
};
const REFUSE: Step = Step {
    holder_only: true,
    from: &[REQUESTED],
    to: REFUSED,
    gives_back: true,
    event: "reservation_refused",
};
const CANCEL: Step = Step {
    holder_only: false,
    from: &[REQUESTED, CONFIRMED],
    to: CANCELLED,
    gives_back: true,
    event: "reservation_cancelled",
};
const COMPLETE: Step = Step {
    holder_only: true,
    from: &[CONFIRMED],
    to: COMPLETED,
    gives_back: false,
    event: "reservation_completed",
};

/// POST /api/v1/reservations/{id}/confirm
pub async fn confirm(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    step(state, caller, id.into_inner(), &CONFIRM).await
}

/// POST /api/v1/reservations/{id}/refuse
pub async fn refuse(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    step(state, caller, id.into_inner(), &REFUSE).await
}

/// POST /api/v1/reservations/{id}/cancel
pub async fn cancel(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    step(state, caller, id.into_inner(), &CANCEL).await
}

/// POST /api/v1/reservations/{id}/complete: collected; counts the tonnes and CO2e.
pub async fn complete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    step(state, caller, id.into_inner(), &COMPLETE).await
}

async fn step(
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    step: &'static Step,
) -> Result<HttpResponse, ApiError> {
    let app = state.clone();
    let (reservation, listing) = state
        .db
        .write(move |conn| {
            let (reservation, m) = visible_reservation(conn, &id, &caller.organisation_id)?;
            if step.holder_only && m.holder_organisation_id != caller.organisation_id {
                return Err(ApiError::Forbidden("only the holder does this"));
            }
            if !step.from.contains(&reservation.status.as_str()) {
                return Err(ApiError::Conflict(format!(
                    "a {} reservation cannot become {}",
                    reservation.status, step.to
                )));
            }
            apply_step(conn, &app, &caller, reservation, &m, step)
        })
        .await?;
    state.catalogue.apply_listing(&listing);
    Ok(HttpResponse::Ok().json(ReservationView::from(reservation)))
}

fn apply_step(
    conn: &mut DbConnection,
    state: &AppState,
    caller: &Caller,
    mut reservation: Reservation,
    m: &Match,
    step: &Step,
) -> Result<(Reservation, Listing), ApiError> {
    // The listing first, then the reservation: the order every writer takes them in.
    Listing::lock(conn, &reservation.listing_id)?;
    let at = now();
    let co2e = if step.to == COMPLETED {
        completed_co2e(state, conn, &reservation, m)?
    } else {
        None
    };
    if !Reservation::transition(conn, &reservation.id, step.from, step.to, co2e, at)? {
        return Err(ApiError::Conflict(format!(
            "this reservation can no longer become {}",
            step.to
        )));
    }
    if step.gives_back {
        give_back_to_listing(conn, &reservation.listing_id, reservation.quantity, at)?;
    }
    reservation.status = step.to.into();
    reservation.co2e_avoided_kg = co2e;
    reservation.updated_at = at;
    let event = record_event(
        conn,
        &m.id,
        Some(&reservation.id),
        step.event,
        &actor(caller),
        None,
    )?;
    let listing = settle_listing(conn, &reservation.listing_id)?;
    tell_other_side(conn, state, caller, &reservation, m, &listing, step, &event)?;
    Ok((reservation, listing))
}

/// The CO2e an exchange avoided, net of the transport over the match's distance.
fn completed_co2e(
    state: &AppState,
    conn: &mut DbConnection,
    reservation: &Reservation,
    m: &Match,
) -> Result<Option<f64>, ApiError> {
    let listing = Listing::find(conn, &reservation.listing_id)?.ok_or(ApiError::NotFound)?;
    let taxonomy = &state.catalogue.taxonomy;
    Ok(taxonomy.id_of(&listing.material_code).and_then(|class| {
        reservation
            .mass_t
            .and_then(|t| co2e_avoided_kg(taxonomy, class, t, m.distance_km))
    }))
}

/// Confirmations and refusals go to the taker; a cancellation to the side that did not
/// cancel. Completion is not emailed.
#[allow(clippy::too_many_arguments)]
fn tell_other_side(
    conn: &mut DbConnection,
    state: &AppState,
    caller: &Caller,
    reservation: &Reservation,
    m: &Match,
    listing: &Listing,
    step: &Step,
    event: &str,
) -> Result<(), ApiError> {
    let kind = match step.to {
        CONFIRMED => NotificationKind::ReservationConfirmed,
        REFUSED => NotificationKind::ReservationRefused,
        CANCELLED => NotificationKind::ReservationCancelled,
        _ => return Ok(()),
    };
    let recipients = if m.holder_organisation_id == caller.organisation_id {
        let wanted = WantedRequest::find(conn, &m.wanted_request_id)?.ok_or(ApiError::NotFound)?;
        User::contacts_for_post(conn, wanted.created_by.as_deref(), &wanted.organisation_id)?
    } else {
        User::contacts_for_post(
            conn,
            listing.created_by.as_deref(),
            &listing.organisation_id,
        )?
    };
    let by = Organisation::find(conn, &caller.organisation_id)?;
    let template = match kind {
        NotificationKind::ReservationConfirmed => "reservation_confirmed",
        NotificationKind::ReservationRefused => "reservation_refused",
        _ => "reservation_cancelled",
    };
    for user in recipients {
        tell(conn, &state.notifier, &user, kind, event, |lang| {
            reservation_notice(
                &state.notifier,
                template,
                reservation,
                &listing.title,
                &by.name,
                lang,
            )
        })?;
    }
    Ok(())
}

/// Cancels the listing's waiting reservations when its holder withdraws it, gives their
/// quantity back, records it on each match and tells each taker.
pub fn cancel_pending(
    conn: &mut DbConnection,
    state: &AppState,
    caller: &Caller,
    listing: &Listing,
) -> Result<(), ApiError> {
    for reservation in Reservation::pending_of_listing(conn, &listing.id)? {
        let Some(m) = Match::find(conn, &reservation.match_id)? else {
            continue;
        };
        apply_step(conn, state, caller, reservation, &m, &CANCEL)?;
    }
    Ok(())
}
