//! Versions of a post: its time of change, shown as a strong entity tag (`ETag`), and the
//! versions an edit may replace (`If-Match`), so that two clients editing the same post
//! cannot lose each other's changes (RFC 9110, 13.1.1): a stale version is refused.
use chrono::NaiveDateTime;

use crate::domain::error::DomainError;

/// The strong entity tag of a version: its time of change, in microseconds.
pub fn etag(updated_at: NaiveDateTime) -> String {
    format!("\"{:x}\"", updated_at.and_utc().timestamp_micros())
}

/// What `If-Match` asks for: any version (`*`), or one of the tags listed.
pub enum Precondition {
    None,
    Any,
    OneOf(Vec<String>),
}

impl Precondition {
    /// The precondition of an `If-Match` value (`None` when the field is absent). A value
    /// that is not a list of entity tags names no version: it matches none, and the write
    /// is refused as stale rather than run unconditioned.
    pub fn if_match(value: Option<&str>) -> Self {
        let Some(value) = value else {
            return Precondition::None;
        };
        let text = value.trim();
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
