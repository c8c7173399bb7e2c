//! GET /assets/{path}: an embedded asset (see `web::assets`). Asked for with its digest
//! (`?v=`, as the pages name it), it may be cached for a year; by its bare name, for an
//! hour. Either way its digest is its ETag (weak: the same content may go out gzipped or
//! not), so a browser revalidating gets a 304.
use actix_web::http::header::{self, EntityTag, IfNoneMatch};
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::http::error::ApiError;
use crate::web::assets;

#[derive(Deserialize)]
pub struct Version {
    v: Option<String>,
}

pub async fn asset(
    request: HttpRequest,
    path: web::Path<String>,
    version: web::Query<Version>,
) -> Result<HttpResponse, ApiError> {
    let name = path.into_inner();
    let asset = assets::get(&name).ok_or(ApiError::NotFound)?;
    let tag = EntityTag::new_weak(asset.digest.clone());
    let cache = if version.v.as_deref() == Some(asset.digest.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    let unchanged = match request.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(&tag)),
        None => false,
    };
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header(header::ETag(tag))
        .insert_header((header::CACHE_CONTROL, cache));
    if unchanged {
        return Ok(response.finish());
    }
    Ok(response
        .content_type(assets::content_type(&name))
        .body(asset.contents))
}
