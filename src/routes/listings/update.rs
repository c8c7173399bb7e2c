//! PUT /api/v1/listings/{id}: the owner replaces a draft's, a published or an expired
//! listing's details. Once reservations exist the quantities belong to them, so edits stop.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::ListingInput;
use crate::auth::Caller;
use crate::db::listings::Listing;
use crate::db::now;
use crate::db::reservations::Reservation;
use crate::domain::PostStatus;
use crate::error::ApiError;
use crate::routes::posts::{answer, owned, queue_matching, require_status, Post};
use crate::startup::AppState;

const EDITABLE: &[PostStatus] = &[
    PostStatus::Draft,
    PostStatus::Published,
    PostStatus::Expired,
];

#[tracing::instrument(skip_all)]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<ListingInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let checked = input.check(&state.catalogue.taxonomy)?;
    let (id, organisation_id) = (id.into_inner(), caller.organisation_id.clone());
    let row = state
        .db
        .write(move |conn| {
            let mut row: Listing = owned(conn, &id, &organisation_id)?;
            require_status(&row.status, EDITABLE, "edited")?;
            input.apply(checked, &mut row);
            // What reservations took or hold stays taken: only the rest is available.
            row.quantity_available = row.quantity - Reservation::held(conn, &row.id)?;
            if row.quantity_available < -1e-9 {
                return Err(ApiError::Conflict(
                    "reservations already took more than this quantity".into(),
                ));
            }
            row.updated_at = now();
            row.save(conn)?;
            queue_matching(conn, &row)?;
            Ok(row)
        })
        .await?;
    row.index(&state.catalogue);
    Ok(answer(&req, &state, row, StatusCode::OK))
}
