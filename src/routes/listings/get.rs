//! GET /api/v1/listings/{id}: public once published; drafts and withdrawn listings are
//! seen by their organisation only (404 for anyone else).
use actix_web::{web, HttpRequest, HttpResponse};

use super::ListingView;
use crate::auth::Caller;
use crate::db::listings::Listing;
use crate::domain::PostStatus;
use crate::error::ApiError;
use crate::routes::language::language;
use crate::startup::AppState;

/// Whether `caller` may see a post of `organisation_id` in `status`.
pub fn may_see(caller: Option<&Caller>, organisation_id: &str, status: &str) -> bool {
    let public =
        PostStatus::parse(status).is_some_and(|s| s.is_visible() || s == PostStatus::Exhausted);
    public || caller.is_some_and(|c| c.organisation_id == organisation_id)
}

#[tracing::instrument(skip_all)]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Option<Caller>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let row = state
        .db
        .read(move |conn| Ok(Listing::find(conn, &id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    if !may_see(caller.as_ref(), &row.organisation_id, &row.status) {
        return Err(ApiError::NotFound);
    }
    let owner = caller.is_some_and(|c| c.organisation_id == row.organisation_id);
    Ok(HttpResponse::Ok().json(ListingView::from_row(
        row,
        &state.catalogue.taxonomy,
        language(&req),
        owner,
    )))
}
