//! Asking for a listing without a need posted first (`matching::direct`):
//! POST /api/v1/listings/{id}/reservations reserves a quantity (with an optional message
//! to the holder), POST /api/v1/listings/{id}/messages only writes to the holder. Both
//! find or make the caller's match with the listing, so what follows is a match's.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::domain::error::DomainError;
use crate::domain::ListingId;
use crate::exchange;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::matching::direct::{self, Ask};
use crate::views::exchange::{message, ReservationView};

#[derive(Debug, Deserialize)]
pub struct Position {
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Deserialize)]
pub struct ReserveInput {
    pub quantity: f64,
    pub message: Option<String>,
    /// Where the material goes; else the organisation's address.
    pub position: Option<Position>,
}

#[derive(Debug, Deserialize)]
pub struct ContactInput {
    pub body: String,
    pub position: Option<Position>,
}

fn position(p: Option<Position>) -> Option<(f64, f64)> {
    p.map(|p| (p.latitude, p.longitude))
}

/// The thread's rules name the text `body`; this body names it `message`.
fn message_field(error: DomainError) -> DomainError {
    match error {
        DomainError::Invalid(mut fields) => {
            for f in fields.iter_mut().filter(|f| f.field == "body") {
                f.field = "message".into();
            }
            DomainError::Invalid(fields)
        }
        other => other,
    }
}

/// POST /api/v1/listings/{id}/reservations
#[tracing::instrument(skip_all)]
pub async fn reserve(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ListingId>,
    body: Json<ReserveInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let ask = Ask {
        quantity: Some(input.quantity),
        message: input.message,
        position: position(input.position),
    };
    let asked = direct::ask(&state.exchange(), caller.actor(), id.into_inner(), ask)
        .await
        .map_err(message_field)?;
    let reservation = asked.reservation.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(ReservationView::from(reservation)))
}

/// POST /api/v1/listings/{id}/messages
#[tracing::instrument(skip_all)]
pub async fn contact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ListingId>,
    body: Json<ContactInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let blank = input.body.trim().is_empty();
    if blank {
        return Err(ApiError::field("body", "required", "write a message"));
    }
    let ask = Ask {
        quantity: None,
        message: Some(input.body),
        position: position(input.position),
    };
    let organisation_id = caller.organisation_id.clone();
    let asked = direct::ask(&state.exchange(), caller.actor(), id.into_inner(), ask).await?;
    let posted = asked.message.ok_or(ApiError::NotFound)?;
    let view = state
        .db
        .read(move |conn| {
            let m = exchange::matches::visible(conn, &asked.match_id, &organisation_id)?;
            Ok(message(conn, &m, posted, &organisation_id)?)
        })
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(view))
}
