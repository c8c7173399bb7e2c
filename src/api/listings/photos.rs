//! A listing's photos: GET and POST /api/v1/listings/{id}/photos, DELETE
//! /api/v1/listings/{id}/photos/{photo_id}, and the images at
//! /api/v1/photos/{photo_id}/{full.jpg|thumb.jpg}. An upload is the image itself as the
//! body (at most 10 MB), checked by its content whatever its Content-Type says. The
//! operations are `photos::operations`'.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::db::now;
use crate::domain::{ListingId, PhotoId};
use crate::http::body::copy_limited;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::photos::operations::{add_photo, image_of, photos_of, remove_photo};
use crate::photos::MAX_UPLOAD_BYTES;
use crate::views::photos::PhotoView;

/// GET /api/v1/listings/{id}/photos (public for a published listing).
pub async fn list(
    state: web::Data<AppState>,
    caller: Option<Caller>,
    id: web::Path<ListingId>,
) -> Result<HttpResponse, ApiError> {
    let viewer = caller.map(|c| c.organisation_id);
    let photos = photos_of(&state.db, id.into_inner(), viewer).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": photos })))
}

/// POST /api/v1/listings/{id}/photos
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ListingId>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mut upload = state.decoding.upload();
    copy_limited(&req, body, MAX_UPLOAD_BYTES, &mut upload).await?;
    let (db, decoding, store) = (&state.db, &state.decoding, &state.photos);
    let (actor, id) = (caller.actor(), id.into_inner());
    let photo = add_photo(db, decoding, store, &actor, id, upload, now()).await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(PhotoView::from(photo)))
}

/// DELETE /api/v1/listings/{id}/photos/{photo_id}
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ListingId, PhotoId)>,
) -> Result<HttpResponse, ApiError> {
    let (listing_id, photo_id) = path.into_inner();
    let actor = caller.actor();
    remove_photo(&state.db, &state.photos, &actor, listing_id, photo_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// GET /api/v1/photos/{photo_id}/{full.jpg|thumb.jpg}
pub async fn image(
    state: web::Data<AppState>,
    caller: Option<Caller>,
    path: web::Path<(PhotoId, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    let viewer = caller.map(|c| c.organisation_id);
    let bytes = image_of(&state.db, &state.photos, id, &file, viewer).await?;
    Ok(crate::http::photo::jpeg(bytes))
}
