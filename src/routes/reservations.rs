//! Reservations over HTTP: each handler parses, calls one operation of
//! `exchange::reservations`, and renders the reservation.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::matches::views::ReservationView;
use crate::auth::Caller;
use crate::db::reservations::Reservation;
use crate::domain::{MatchId, ReservationId};
use crate::error::ApiError;
use crate::exchange::reservations;
use crate::exchange::transitions::Action;
use crate::routes::json_body::Json;
use crate::startup::AppState;

#[derive(Debug, Deserialize)]
pub struct ReservationInput {
    pub quantity: f64,
}

/// POST /api/v1/matches/{id}/reservations
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MatchId>,
    body: Json<ReservationInput>,
) -> Result<HttpResponse, ApiError> {
    let reservation = reserve(&state, caller, id.into_inner(), body.quantity).await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(ReservationView::from(reservation)))
}

/// The taker asks for `quantity` of the match's listing (the API's way and the page's).
pub async fn reserve(
    state: &web::Data<AppState>,
    caller: Caller,
    id: MatchId,
    quantity: f64,
) -> Result<Reservation, ApiError> {
    let app = state.clone();
    let (reservation, listing) = state
        .db
        .write(move |conn| {
            let cx = app.context();
            Ok(reservations::reserve(
                conn,
                &cx,
                &caller.actor(),
                &id,
                quantity,
            )?)
        })
        .await?;
    state.catalogue.apply_listing(&listing);
    Ok(reservation)
}

/// GET /api/v1/reservations/{id}
#[tracing::instrument(skip_all)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
) -> Result<HttpResponse, ApiError> {
    let (reservation, _) = state
        .db
        .read(move |conn| {
            Ok(reservations::visible_reservation(
                conn,
                &id,
                &caller.organisation_id,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ReservationView::from(reservation)))
}

/// POST /api/v1/reservations/{id}/confirm
pub async fn confirm(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
) -> Result<HttpResponse, ApiError> {
    act(state, caller, id.into_inner(), Action::Confirm).await
}

/// POST /api/v1/reservations/{id}/refuse
pub async fn refuse(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
) -> Result<HttpResponse, ApiError> {
    act(state, caller, id.into_inner(), Action::Refuse).await
}

/// POST /api/v1/reservations/{id}/cancel
pub async fn cancel(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
) -> Result<HttpResponse, ApiError> {
    act(state, caller, id.into_inner(), Action::Cancel).await
}

/// POST /api/v1/reservations/{id}/complete: collected; counts the tonnes and CO2e.
pub async fn complete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
) -> Result<HttpResponse, ApiError> {
    act(state, caller, id.into_inner(), Action::Complete).await
}

#[tracing::instrument(skip(state, caller))]
async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: ReservationId,
    action: Action,
) -> Result<HttpResponse, ApiError> {
    let reservation = apply(&state, caller, id, action).await?;
    Ok(HttpResponse::Ok().json(ReservationView::from(reservation)))
}

/// Confirms, refuses, cancels or completes a reservation (the API's way and the page's).
pub async fn apply(
    state: &web::Data<AppState>,
    caller: Caller,
    id: ReservationId,
    action: Action,
) -> Result<Reservation, ApiError> {
    let app = state.clone();
    let (reservation, listing) = state
        .db
        .write(move |conn| {
            let cx = app.context();
            Ok(reservations::act(conn, &cx, &caller.actor(), &id, action)?)
        })
        .await?;
    state.catalogue.apply_listing(&listing);
    Ok(reservation)
}
