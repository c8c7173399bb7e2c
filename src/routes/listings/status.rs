//! POST /api/v1/listings/{id}/publish and /withdraw: the owner's life-cycle actions.
use actix_web::{web, HttpRequest, HttpResponse};

use super::update::owned;
use super::ListingView;
use crate::auth::Caller;
use crate::db::now;
use crate::domain::PostStatus;
use crate::error::ApiError;
use crate::routes::language::language;
use crate::routes::posts::require_status;
use crate::startup::AppState;

async fn transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    from: &'static [PostStatus],
    to: PostStatus,
    action: &'static str,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.organisation_id.clone();
    let row = state
        .db
        .write(move |conn| {
            let mut row = owned(conn, &id, &organisation_id)?;
            require_status(&row.status, from, action)?;
            if to == PostStatus::Published && row.available_until.is_some_and(|u| u < now().date())
            {
                return Err(ApiError::Conflict(
                    "the availability window has closed; edit it first".into(),
                ));
            }
            row.status = to.as_str().into();
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

#[tracing::instrument(skip_all)]
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    transition(
        req,
        state,
        caller,
        id.into_inner(),
        &[PostStatus::Draft, PostStatus::Expired],
        PostStatus::Published,
        "published",
    )
    .await
}

#[tracing::instrument(skip_all)]
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let from = &[
        PostStatus::Draft,
        PostStatus::Published,
        PostStatus::Reserved,
        PostStatus::Expired,
    ];
    transition(
        req,
        state,
        caller,
        id.into_inner(),
        from,
        PostStatus::Withdrawn,
        "withdrawn",
    )
    .await
}
