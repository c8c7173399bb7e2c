//! A listing's photos: GET and POST /api/v1/listings/{id}/photos, DELETE
//! /api/v1/listings/{id}/photos/{photo_id}, and the images at
//! /api/v1/photos/{photo_id}/{full.jpg|thumb.jpg}. An upload is the image itself as the
//! body (at most 10 MB), checked by its content whatever its Content-Type says.
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::listing_photos::ListingPhoto;
use crate::db::now;
use crate::domain::{ListingId, OrganisationId, PhotoId};
use crate::http::body::copy_limited;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::photos::store::Size;
use crate::photos::{operations, Upload, MAX_UPLOAD_BYTES};
use crate::views::utc;

#[derive(Serialize)]
pub struct PhotoView {
    pub id: PhotoId,
    pub listing_id: ListingId,
    pub width: i32,
    pub height: i32,
    /// The photo (JPEG, at most 2048 px a side), a path on this service.
    pub url: String,
    /// Its thumbnail (at most 400 px a side).
    pub thumbnail_url: String,
    pub created_at: DateTime<Utc>,
}

impl From<ListingPhoto> for PhotoView {
    fn from(photo: ListingPhoto) -> Self {
        Self {
            url: format!("/api/v1/photos/{}/full.jpg", photo.id),
            thumbnail_url: format!("/api/v1/photos/{}/thumb.jpg", photo.id),
            id: photo.id,
            listing_id: photo.listing_id,
            width: photo.width,
            height: photo.height,
            created_at: utc(photo.created_at),
        }
    }
}

/// GET /api/v1/listings/{id}/photos (public for a published listing).
pub async fn list(
    state: web::Data<AppState>,
    caller: Option<Caller>,
    id: web::Path<ListingId>,
) -> Result<HttpResponse, ApiError> {
    let viewer = caller.map(|c| c.organisation_id);
    let photos = photos_of(&state, id.into_inner(), viewer).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": photos })))
}

/// The photos of a listing as `viewer` may see them (the API's and the page's).
pub async fn photos_of(
    state: &AppState,
    listing_id: ListingId,
    viewer: Option<OrganisationId>,
) -> Result<Vec<PhotoView>, ApiError> {
    let photos = state
        .db
        .read(move |conn| Ok(operations::of_listing(conn, &listing_id, viewer.as_ref())?))
        .await?;
    Ok(photos.into_iter().map(PhotoView::from).collect())
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
    let photo = add(&state, caller.organisation_id, id.into_inner(), upload).await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(PhotoView::from(photo)))
}

/// Adds `upload` to the organisation's listing: checked, re-encoded, stored, recorded.
pub async fn add(
    state: &AppState,
    organisation_id: OrganisationId,
    listing_id: ListingId,
    upload: Upload,
) -> Result<ListingPhoto, ApiError> {
    if upload.is_empty() {
        return Err(ApiError::field(
            "photo",
            "required",
            "choose a photo to send",
        ));
    }
    let (org, listing) = (organisation_id.clone(), listing_id.clone());
    state
        .db
        .read(move |conn| Ok(operations::check_room(conn, &listing, &org).map(drop)?))
        .await?;
    let prepared = state.decoding.prepare(upload).await?;
    let photo = ListingPhoto {
        id: PhotoId::generate(),
        listing_id,
        width: prepared.width as i32,
        height: prepared.height as i32,
        bytes: prepared.full.len() as i32,
        created_at: now(),
    };
    let store = &state.photos;
    store
        .put(&photo.id, Size::Full, prepared.full)
        .await
        .map_err(ApiError::internal)?;
    store
        .put(&photo.id, Size::Thumb, prepared.thumb)
        .await
        .map_err(ApiError::internal)?;
    let row = photo.clone();
    let recorded = state
        .db
        .write(move |conn| Ok(operations::record(conn, &row, &organisation_id)?))
        .await;
    if let Err(error) = recorded {
        // Not recorded: its images would be reachable by no one.
        if let Err(e) = store.delete(&photo.id).await {
            tracing::warn!(error = %e, "could not remove the images of an unrecorded photo");
        }
        return Err(error);
    }
    Ok(photo)
}

/// DELETE /api/v1/listings/{id}/photos/{photo_id}
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ListingId, PhotoId)>,
) -> Result<HttpResponse, ApiError> {
    let (listing_id, photo_id) = path.into_inner();
    remove(&state, caller.organisation_id, listing_id, photo_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes one of the organisation's photos, its row then its images.
pub async fn remove(
    state: &AppState,
    organisation_id: OrganisationId,
    listing_id: ListingId,
    photo_id: PhotoId,
) -> Result<(), ApiError> {
    let removed = state
        .db
        .write(move |conn| {
            Ok(operations::remove(
                conn,
                &listing_id,
                &photo_id,
                &organisation_id,
            )?)
        })
        .await?;
    if let Err(e) = state.photos.delete(&removed.id).await {
        // The row is gone, so nothing links to them; they only take room.
        tracing::warn!(error = %e, photo = %removed.id, "could not remove a photo's images");
    }
    Ok(())
}

/// GET /api/v1/photos/{photo_id}/{full.jpg|thumb.jpg}
pub async fn image(
    state: web::Data<AppState>,
    caller: Option<Caller>,
    path: web::Path<(PhotoId, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    image_of(&state, id, &file, caller.map(|c| c.organisation_id)).await
}

/// The image `file` of a photo, if `viewer` may see its listing (the API's and the page's).
pub async fn image_of(
    state: &AppState,
    id: PhotoId,
    file: &str,
    viewer: Option<OrganisationId>,
) -> Result<HttpResponse, ApiError> {
    let size = Size::parse(file).ok_or(ApiError::NotFound)?;
    let photo = state
        .db
        .read(move |conn| Ok(operations::visible(conn, &id, viewer.as_ref())?))
        .await?;
    let bytes = state
        .photos
        .get(&photo.id, size)
        .await
        .map_err(|e| ApiError::internal(e.context("reading a photo")))?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        // A photo never changes (a new one gets a new id).
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400, immutable"))
        .body(bytes))
}
