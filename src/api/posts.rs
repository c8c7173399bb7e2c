//! What listings and wanted requests share in the API: reading one, the life-cycle
//! actions, and the answer to a write. The operations are `posts::Posts`.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::language::language;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::posts::lifecycle;
use crate::posts::{Post, Transition};

/// The answer to a write: the post's full view.
pub fn answer<P: Post>(
    req: &HttpRequest,
    state: &AppState,
    post: P,
    status: StatusCode,
) -> HttpResponse {
    // Only the owner writes, so the answer to a write is the owner's view.
    let version = post.updated_at();
    let response =
        HttpResponse::build(status).json(post.view(&state.catalogue.taxonomy, language(req), true));
    crate::api::versions::with_etag(response, version)
}

/// GET /api/v1/{listings,wanted}/{id}
#[tracing::instrument(skip_all)]
pub async fn get<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Option<Caller>,
    id: web::Path<P::Id>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let post = state
        .db
        .read(move |conn| Ok(P::find(conn, &id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    let viewer = caller.as_ref().map(|c| &c.organisation_id);
    if !lifecycle::may_see(viewer, post.organisation_id(), post.status()) {
        return Err(ApiError::NotFound);
    }
    let owner = viewer == Some(post.organisation_id());
    let version = post.updated_at();
    let view = post.view(&state.catalogue.taxonomy, language(&req), owner);
    Ok(crate::api::versions::with_etag(
        HttpResponse::Ok().json(view),
        version,
    ))
}

/// POST /api/v1/{listings,wanted}/{id}/publish
pub async fn publish<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<P::Id>,
) -> Result<HttpResponse, ApiError> {
    transition(req, state, caller, id.into_inner(), lifecycle::publish::<P>).await
}

/// POST /api/v1/{listings,wanted}/{id}/withdraw
pub async fn withdraw<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<P::Id>,
) -> Result<HttpResponse, ApiError> {
    transition(
        req,
        state,
        caller,
        id.into_inner(),
        lifecycle::withdraw::<P>,
    )
    .await
}

#[tracing::instrument(skip_all)]
async fn transition<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: P::Id,
    operation: Transition<P>,
) -> Result<HttpResponse, ApiError> {
    let post = state
        .posts()
        .change_status(caller.actor(), id, operation)
        .await?;
    Ok(answer(&req, &state, post, StatusCode::OK))
}
