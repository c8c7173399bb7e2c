//! The photos of a listing on its page: the holder sends one with a plain file form
//! (multipart, no script needed) or removes one; anyone who may see the listing sees them
//! at /photos/{id}/{full.jpg|thumb.jpg}, signed in by their session cookie.
use std::io::Write;

use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;

use crate::db::now;
use crate::domain::{ListingId, PhotoId};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::photos::operations::{add_photo, image_of, remove_photo};
use crate::photos::MAX_UPLOAD_BYTES;
use crate::web::flash::Flash;
use crate::web::visitor::see_other;
use crate::web::Visitor;

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// GET /photos/{id}/{file}
pub async fn image(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(PhotoId, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    let viewer = visitor.user.map(|u| u.organisation_id);
    let bytes = image_of(&state.db, &state.photos, id, &file, viewer).await?;
    Ok(crate::http::photo::jpeg(bytes))
}

/// POST /listings/{id}/photos: the form's `csrf` then its file `photo`.
pub async fn add(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    mut form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let id = id.into_inner();
    let back = |error: Option<&str>| match error {
        Some(code) => see_other(&format!("/listings/{id}?photo_error={code}#photos")),
        None => visitor.see_other_with(
            &format!("/listings/{id}#photos"),
            Flash::new("flash-photo-added"),
        ),
    };
    let (mut csrf, mut upload) = (String::new(), state.decoding.upload());
    while let Some(field) = form.next().await {
        let mut field =
            field.map_err(|_| ApiError::BadRequest("the form could not be read".into()))?;
        // The photo goes to its upload (a file) as it arrives; the other fields are short.
        let is_photo = field.name() == Some("photo");
        let limit = if is_photo { MAX_UPLOAD_BYTES } else { 256 };
        if is_photo {
            upload = state.decoding.upload();
        }
        let (mut value, mut size) = (web::BytesMut::new(), 0);
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|_| ApiError::BadRequest("the form could not be read".into()))?;
            size += chunk.len();
            if size > limit {
                return Ok(back(Some("too_large")));
            }
            if is_photo {
                upload.write_all(&chunk).map_err(ApiError::internal)?;
            } else {
                value.extend_from_slice(&chunk);
            }
        }
        if field.name() == Some("csrf") {
            csrf = String::from_utf8_lossy(&value).into_owned();
        }
    }
    visitor.check_form(&csrf)?;
    let (db, decoding, store) = (&state.db, &state.decoding, &state.photos);
    let added = add_photo(
        db,
        decoding,
        store,
        &caller.actor(),
        id.clone(),
        upload,
        now(),
    )
    .await;
    match added.map_err(ApiError::from) {
        Ok(_) => Ok(back(None)),
        Err(ApiError::Validation(errors)) => Ok(back(errors.first().map(|e| e.code.as_str()))),
        Err(ApiError::Conflict(_)) => Ok(back(Some("quota_exceeded"))),
        // Too many photos being read at once (or the database away): worth a retry.
        Err(ApiError::ServiceUnavailable) => Ok(back(Some("busy"))),
        Err(other) => Err(other),
    }
}

/// POST /listings/{id}/photos/{photo_id}/delete
pub async fn remove(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(ListingId, PhotoId)>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let (id, photo_id) = path.into_inner();
    remove_photo(
        &state.db,
        &state.photos,
        &caller.actor(),
        id.clone(),
        photo_id,
    )
    .await?;
    let flash = Flash::new("flash-photo-removed");
    Ok(visitor.see_other_with(&format!("/listings/{id}#photos"), flash))
}
