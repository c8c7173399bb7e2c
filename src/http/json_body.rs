//! The JSON body extractor of every handler: like `web::Json`, but read by
//! `domain::json_input` (a field that does not deserialise is a field error on that
//! field, a key named twice is refused), its refusals told as `ApiError`s. The size limit
//! is the `PayloadConfig` of the app (`http.body_limit_bytes`).
use std::future::Future;
use std::pin::Pin;

use actix_web::error::PayloadError;
use actix_web::{mime, web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;

use crate::domain::json_input::{self, Refusal};
use crate::http::error::ApiError;

/// A request body read as JSON into `T`.
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let is_json = is_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let bytes = bytes.await.map_err(payload_error)?;
            parse(&bytes).map(Json)
        })
    }
}

/// A body that may be left out: no body at all reads as `T::default()`; a body is JSON as
/// for [`Json`]. For actions that take optional details (completing a reservation).
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let is_json = is_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(payload_error)?;
            if bytes.is_empty() {
                return Ok(OptionalJson(T::default()));
            }
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            parse(&bytes).map(OptionalJson)
        })
    }
}

/// `application/json`, or a type with the `+json` suffix.
fn is_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(Some(mime)) => mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON),
        _ => false,
    }
}

pub(crate) fn payload_error(err: actix_web::Error) -> ApiError {
    match err.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::PayloadTooLarge,
        _ => ApiError::MalformedJson("the body could not be read".into()),
    }
}

/// Reads `bytes` as one JSON value of type `T` (see `domain::json_input::parse`): a body
/// that is not JSON is malformed (400), one of the wrong shape has field errors (422).
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    json_input::parse(bytes).map_err(|refusal| match refusal {
        Refusal::Malformed(message) => ApiError::MalformedJson(message),
        Refusal::Invalid(fields) => ApiError::Validation(fields),
    })
}
