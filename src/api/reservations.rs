//! Reservations over HTTP: each handler parses, calls one operation of the exchange
//! (`exchange::Handle`, `exchange::reservations`), and renders the reservation.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::db::exchange_impacts::ExchangeImpact;
use crate::domain::soil::RegisterDetails;
use crate::domain::{MatchId, ReservationId, Vehicle};
use crate::exchange::completion::Completion;
use crate::exchange::reservations;
use crate::exchange::transitions::Action;
use crate::http::error::ApiError;
use crate::http::json_body::{Json, OptionalJson};
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::exchange::ReservationView;
use validator::Validate;

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
    let reservation = state
        .exchange()
        .reserve(caller.actor(), id.into_inner(), body.quantity)
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(ReservationView::from(reservation)))
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

/// What the holder may say of a collection; every field may be left out, and so may the
/// whole body.
#[derive(Debug, Default, Deserialize, Validate)]
pub struct CompletionInput {
    pub quantity: Option<f64>,
    pub weighed_tonnes: Option<f64>,
    pub vehicle: Option<Vehicle>,
    pub distance_km: Option<f64>,
    pub price_per_unit_eur: Option<f64>,
    /// For soils and sediments that were waste: what their register needs.
    #[validate(nested)]
    pub register: Option<RegisterDetails>,
}

impl From<CompletionInput> for Completion {
    fn from(input: CompletionInput) -> Self {
        Completion {
            quantity: input.quantity,
            weighed_tonnes: input.weighed_tonnes,
            vehicle: input.vehicle,
            distance_km: input.distance_km,
            price_per_unit_eur: input.price_per_unit_eur,
            register: input.register,
        }
    }
}

/// POST /api/v1/reservations/{id}/complete: collected; counts the tonnes and net CO2e.
#[tracing::instrument(skip_all)]
pub async fn complete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
    body: OptionalJson<CompletionInput>,
) -> Result<HttpResponse, ApiError> {
    crate::domain::validation::check_all(&body.0, Vec::new())?;
    let completion = Completion::from(body.0);
    let reservation = state
        .exchange()
        .record_completion(caller.actor(), id.into_inner(), completion)
        .await?;
    Ok(HttpResponse::Ok().json(ReservationView::from(reservation)))
}

/// GET /api/v1/reservations/{id}/impact: the completed exchange's figure with every input.
#[tracing::instrument(skip_all)]
pub async fn impact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .db
        .read(move |conn| {
            reservations::visible_reservation(conn, &id, &caller.organisation_id)?;
            Ok(ExchangeImpact::find(conn, &id)?)
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    let snapshot: serde_json::Value =
        serde_json::from_str(&row.snapshot).map_err(ApiError::internal)?;
    let recorded: crate::impact::Snapshot =
        serde_json::from_value(snapshot.clone()).map_err(ApiError::internal)?;
    // Beside the recorded figure, the same collection under the current method.
    let current = recorded.under(crate::impact::Factors::current());
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "reservation_id": row.reservation_id,
        "completed_at": row.completed_at.and_utc(),
        "origin_commune": row.origin_commune,
        "destination_commune": row.destination_commune,
        "price_eur": row.price_eur,
        "snapshot": snapshot,
        "current_method": {
            "method_version": current.method_version,
            "avoided_kg": current.avoided_kg,
            "transport_kg": current.transport_kg,
            "net_kg": current.net_kg,
        },
    })))
}

#[tracing::instrument(skip(state, caller))]
async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: ReservationId,
    action: Action,
) -> Result<HttpResponse, ApiError> {
    let reservation = state.exchange().apply(caller.actor(), id, action).await?;
    Ok(HttpResponse::Ok().json(ReservationView::from(reservation)))
}
