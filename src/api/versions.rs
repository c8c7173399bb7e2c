//! Versions of single resources at the HTTP edge: `ETag` on every answer that shows one,
//! and the `If-Match` of the writes that replace one, read into the [`Precondition`] the
//! operation checks (see `posts::version`).
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDateTime;

use crate::posts::version::{etag, Precondition};

pub fn with_etag(mut response: HttpResponse, updated_at: NaiveDateTime) -> HttpResponse {
    if let Ok(value) = HeaderValue::from_str(&etag(updated_at)) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// The request's `If-Match`; a value that is not text names no version.
pub fn precondition(req: &HttpRequest) -> Precondition {
    let value = req
        .headers()
        .get(header::IF_MATCH)
        .map(|value| value.to_str().unwrap_or_default());
    Precondition::if_match(value)
}
