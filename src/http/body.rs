//! Reading a raw request body (a photo, an inventory) against its own size limit, larger
//! than the app's, into memory or into a writer: a `Content-Length` over the limit is refused before a byte of the body
//! is read, and a body sent without one as soon as it passes the limit. The buffer is
//! sized from `Content-Length` once, not grown by doubling.
use std::io::Write;

use actix_web::http::header::CONTENT_LENGTH;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

use crate::http::error::ApiError;

/// The body's `Content-Length`; 413 `payload_too_large` when it is over `limit`.
fn announced(req: &HttpRequest, limit: usize) -> Result<Option<u64>, ApiError> {
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit as u64) {
        return Err(ApiError::PayloadTooLarge);
    }
    Ok(announced)
}

/// The whole body, if it is at most `limit` bytes; 413 `payload_too_large` otherwise.
pub async fn read_limited(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    let capacity = announced(req, limit)?.map_or(0, |length| length as usize);
    let mut body = web::BytesMut::with_capacity(capacity);
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest("the body could not be read".into()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Writes the body into `into` as it arrives (a file: see `photos::Upload`), if it is at
/// most `limit` bytes; 413 `payload_too_large` otherwise.
pub async fn copy_limited(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
    into: &mut impl Write,
) -> Result<(), ApiError> {
    announced(req, limit)?;
    let mut written = 0;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest("the body could not be read".into()))?;
        written += chunk.len();
        if written > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        into.write_all(&chunk).map_err(ApiError::internal)?;
    }
    Ok(())
}
