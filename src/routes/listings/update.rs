//! PUT /api/v1/listings/{id}: the owner replaces a draft's or a published listing's
//! details. Once reservations exist the quantities belong to them, so edits stop.
use actix_web::{web, HttpRequest, HttpResponse};

use super::{ListingInput, ListingView};
use crate::auth::Caller;
use crate::db::listings::Listing;
use crate::db::now;
use crate::domain::PostStatus;
use crate::error::ApiError;
use crate::routes::language::language;
use crate::routes::posts::require_status;
use crate::startup::AppState;

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
            let mut row = owned(conn, &id, &organisation_id)?;
            require_status(
                &row.status,
                &[
                    PostStatus::Draft,
                    PostStatus::Published,
                    PostStatus::Expired,
                ],
                "edited",
            )?;
            input.apply(checked, &mut row);
            row.updated_at = now();
            row.save(conn)?;
            Ok(row)
        })
        .await?;
    state.catalogue.apply_listing(&row);
    Ok(HttpResponse::Ok().json(ListingView::from_row(
        row,
        &state.catalogue.taxonomy,
        language(&req),
        true,
    )))
}

/// The listing if it belongs to the organisation; 404 otherwise, whether or not it exists.
pub fn owned(
    conn: &mut crate::db::DbConnection,
    id: &str,
    organisation_id: &str,
) -> Result<Listing, ApiError> {
    Listing::find(conn, id)?
        .filter(|row| row.organisation_id == organisation_id)
        .ok_or(ApiError::NotFound)
}
