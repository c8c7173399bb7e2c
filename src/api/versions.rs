//! Versions of single resources: `ETag` on every answer that shows one, `If-Match` on the
//! writes that replace one, so that two clients editing the same post cannot lose each
//! other's changes (RFC 9110, 13.1.1): a stale version is refused with 412.
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDateTime;

use crate::domain::error::DomainError;

/// The strong entity tag of a version: its time of change, in microseconds.
pub fn etag(updated_at: NaiveDateTime) -> String {
    format!("\"{:x}\"", updated_at.and_utc().timestamp_micros())
}

pub fn with_etag(mut response: HttpResponse, updated_at: NaiveDateTime) -> HttpResponse {
    if let Ok(value) = HeaderValue::from_str(&etag(updated_at)) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// What `If-Match` asks for: any version (`*`), or one of the tags listed.
pub enum Precondition {
    None,
    Any,
    OneOf(Vec<String>),
}

impl Precondition {
    /// A value that is not a list of entity tags names no version: it matches none, and
    /// the write is refused as stale (412) rather than run unconditioned.
    pub fn of(req: &HttpRequest) -> Self {
        let Some(value) = req.headers().get(header::IF_MATCH) else {
            return Precondition::None;
        };
        let text = value.to_str().unwrap_or_default().trim();
        if text == "*" {
            return Precondition::Any;
        }
        let tags = text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        Precondition::OneOf(tags)
    }

    /// Whether the stored version may be replaced (strong comparison: a weak tag never
    /// matches).
    pub fn check(&self, stored: NaiveDateTime) -> Result<(), DomainError> {
        match self {
            Precondition::None | Precondition::Any => Ok(()),
            Precondition::OneOf(tags) if tags.contains(&etag(stored)) => Ok(()),
            Precondition::OneOf(_) => Err(DomainError::PreconditionFailed),
        }
    }
}
