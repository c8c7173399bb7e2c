//! Reviews after collection over HTTP (issue 26): each handler parses, makes one call to
//! `reviews` and renders the review or the summary.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use crate::db::now;
use crate::domain::{OrganisationId, ReservationId};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::reviews::{self, ReviewInput};
use crate::views::reviews::ReviewView;

/// POST /api/v1/reservations/{id}/review: the caller's side reviews the other, once.
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
    body: Json<ReviewInput>,
) -> Result<HttpResponse, ApiError> {
    let (actor, input) = (caller.actor(), body.into_inner());
    let review = state
        .db
        .write(move |conn| Ok(reviews::write(conn, &actor, &id, input, now())?))
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(ReviewView::from(review)))
}

/// PUT /api/v1/reservations/{id}/review: the caller's side edits its review.
#[tracing::instrument(skip_all)]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ReservationId>,
    body: Json<ReviewInput>,
) -> Result<HttpResponse, ApiError> {
    let (actor, input) = (caller.actor(), body.into_inner());
    let review = state
        .db
        .write(move |conn| Ok(reviews::edit(conn, &actor, &id, input, now())?))
        .await?;
    Ok(HttpResponse::Ok().json(ReviewView::from(review)))
}

/// GET /api/v1/organisations/{id}/reviews: public, as the organisation's page is.
#[tracing::instrument(skip_all)]
pub async fn of_organisation(
    state: web::Data<AppState>,
    id: web::Path<OrganisationId>,
) -> Result<HttpResponse, ApiError> {
    let summary = state
        .db
        .read(move |conn| Ok(reviews::summary(conn, &id)?))
        .await?;
    Ok(HttpResponse::Ok().json(summary))
}
