//! /api/v1/sites: the caller's organisation's address book. Any member reads and writes
//! it; another organisation's site answers 404. A site's `ETag` is its version, and
//! `If-Match` on PUT replaces only the version named (412 otherwise), as for posts.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::api::versions::{precondition, with_etag};
use crate::db::now;
use crate::db::sites::Site;
use crate::domain::SiteId;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::sites::{self, input::SiteInput};
use crate::views::sites::SiteView;

fn answer(site: Site, status: StatusCode) -> HttpResponse {
    let version = site.updated_at;
    with_etag(
        HttpResponse::build(status).json(SiteView::from(site)),
        version,
    )
}

/// GET /api/v1/sites
#[tracing::instrument(skip_all)]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.organisation_id;
    let found = state
        .db
        .read(move |conn| Ok(sites::list(conn, &organisation_id)?))
        .await?;
    let items: Vec<SiteView> = found.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// POST /api/v1/sites
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<SiteInput>,
) -> Result<HttpResponse, ApiError> {
    let (actor, input) = (caller.actor(), body.into_inner());
    let site = state
        .db
        .write(move |conn| Ok(sites::create(conn, &actor, input, now())?))
        .await?;
    Ok(answer(site, StatusCode::CREATED))
}

/// GET /api/v1/sites/{id}
#[tracing::instrument(skip_all)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SiteId>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.organisation_id;
    let site = state
        .db
        .read(move |conn| Ok(sites::get(conn, &organisation_id, &id)?))
        .await?;
    Ok(answer(site, StatusCode::OK))
}

/// PUT /api/v1/sites/{id}: replaces the site's details.
#[tracing::instrument(skip_all)]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SiteId>,
    body: Json<SiteInput>,
) -> Result<HttpResponse, ApiError> {
    let (actor, input, version) = (caller.actor(), body.into_inner(), precondition(&req));
    let site = state
        .db
        .write(move |conn| {
            let check = |stored| version.check(stored);
            Ok(sites::update(conn, &actor, &id, input, check, now())?)
        })
        .await?;
    Ok(answer(site, StatusCode::OK))
}

/// DELETE /api/v1/sites/{id}: the posts that named it keep their place.
#[tracing::instrument(skip_all)]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SiteId>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor();
    state
        .db
        .write(move |conn| Ok(sites::delete(conn, &actor, &id)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
