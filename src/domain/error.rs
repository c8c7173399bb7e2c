//! The errors of the exchange's rules, whichever way in called them (the API today; pages
//! and imports to come). The HTTP edge turns them into problem+json once, in `crate::http::error`;
//! background work logs them.
use serde::Serialize;

use crate::domain::StorageError;
use crate::domain::Unit;

/// One field of the input that is not acceptable, with a stable code.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: &str) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// What is wrong with one cell, one row, or the file (line 1 for a CSV's headers).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    /// The column (its English name), or the field of a JSON line; None for the row.
    pub column: Option<String>,
    pub code: String,
    pub message: String,
}

impl RowError {
    pub fn new(line: usize, column: Option<&str>, code: &str, message: &str) -> Self {
        Self {
            line,
            column: column.map(str::to_owned),
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    /// Unknown, or not the caller's to see: the two are never told apart.
    #[error("the resource does not exist")]
    NotFound,
    #[error("{0}")]
    Forbidden(&'static str),
    /// A single-use link or token that is unknown, used or expired.
    #[error("this link is invalid or has expired")]
    InvalidToken,
    #[error("{0}")]
    Conflict(#[from] Conflict),
    /// `If-Match` named another version than the one stored.
    #[error("this resource has changed since the version named in If-Match; read it again")]
    PreconditionFailed,
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Terril is at capacity for this work (decoding images): nothing was done, and the
    /// same request will work a little later.
    #[error("the service is busy; try again in a moment")]
    Busy,
    /// A fault of Terril's (a template that does not render...): logged, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl DomainError {
    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        DomainError::Internal(err.into())
    }

    pub fn field(field: &str, code: &str, message: &str) -> Self {
        DomainError::Invalid(vec![FieldError::new(field, code, message)])
    }
}

impl From<diesel::result::Error> for DomainError {
    fn from(err: diesel::result::Error) -> Self {
        match StorageError::from(err) {
            StorageError::NotFound => DomainError::NotFound,
            other => DomainError::Storage(other),
        }
    }
}

/// A rule of the exchange refuses the request in the state things are in now; each has a
/// stable code, and the facts a client needs to act on it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Conflict {
    #[error("not that much is left of this listing: {available} {unit} are available")]
    InsufficientQuantity { available: f64, unit: Unit },
    #[error("this match is closed")]
    MatchClosed,
    #[error("this match was declined")]
    MatchDeclined,
    #[error("this cannot be {action} while it is {current}")]
    InvalidTransition {
        current: &'static str,
        action: &'static str,
    },
    #[error("the window has closed; change its dates first")]
    WindowClosed,
    #[error("this external_ref is already used by another post of your organisation")]
    DuplicateExternalRef,
    #[error("reservations already hold {held} {unit}: the quantity cannot be less")]
    QuantityHeld { held: f64, unit: Unit },
    #[error("this address already has an account")]
    AccountExists,
    #[error("your organisation holds {limit} {resource} already, the most it may")]
    QuotaExceeded { resource: &'static str, limit: u32 },
    #[error("a request with this Idempotency-Key is still running; retry in a moment")]
    IdempotencyKeyInUse,
    #[error("this webhook endpoint is disabled: enable it first")]
    EndpointDisabled,
    #[error("a declaration names the organisation by its SIRET: add it to the organisation first")]
    SiretMissing,
    #[error("this listing is your organisation's own: another organisation reserves it")]
    OwnListing,
    /// A listing asked for from its page that the matching rules rule out for the asker
    /// (`rule`: `window_ended`, `delivery_radius`, `lot_unavailable` or `rules`).
    #[error("this listing cannot go to your organisation ({rule})")]
    DoesNotFit { rule: &'static str },
    /// A review before the reservation was collected (issue 26).
    #[error("this reservation is not collected yet: a review comes after collection")]
    NotCollected,
    #[error("your organisation has already reviewed this exchange: edit the review instead")]
    AlreadyReviewed,
    #[error("this review can no longer be edited ({days} days after it was written)")]
    ReviewLocked { days: i64 },
    #[error("{0}")]
    Other(String),
}

impl Conflict {
    /// Refuses one more of `resource` when the organisation holds `held` of `limit`.
    pub fn check_quota(resource: &'static str, held: i64, limit: u32) -> Result<(), Conflict> {
        if held >= i64::from(limit) {
            Err(Conflict::QuotaExceeded { resource, limit })
        } else {
            Ok(())
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Conflict::InsufficientQuantity { .. } => "insufficient_quantity",
            Conflict::MatchClosed => "match_closed",
            Conflict::MatchDeclined => "match_declined",
            Conflict::InvalidTransition { .. } => "invalid_transition",
            Conflict::WindowClosed => "window_closed",
            Conflict::DuplicateExternalRef => "duplicate_external_ref",
            Conflict::QuantityHeld { .. } => "quantity_held",
            Conflict::AccountExists => "account_exists",
            Conflict::QuotaExceeded { .. } => "quota_exceeded",
            Conflict::IdempotencyKeyInUse => "idempotency_key_in_use",
            Conflict::EndpointDisabled => "endpoint_disabled",
            Conflict::SiretMissing => "siret_missing",
            Conflict::OwnListing => "own_listing",
            Conflict::DoesNotFit { .. } => "listing_does_not_fit",
            Conflict::NotCollected => "not_collected",
            Conflict::AlreadyReviewed => "already_reviewed",
            Conflict::ReviewLocked { .. } => "review_locked",
            Conflict::Other(_) => "conflict",
        }
    }

    /// Facts beside the message, as problem+json extension members.
    pub fn details(&self) -> Option<serde_json::Value> {
        use serde_json::json;
        match self {
            Conflict::InsufficientQuantity { available, unit } => {
                Some(json!({ "available": available, "unit": unit }))
            }
            Conflict::InvalidTransition { current, .. } => {
                Some(json!({ "current_status": current }))
            }
            Conflict::QuantityHeld { held, unit } => Some(json!({ "held": held, "unit": unit })),
            Conflict::QuotaExceeded { resource, limit } => {
                Some(json!({ "resource": resource, "limit": limit }))
            }
            Conflict::DoesNotFit { rule } => Some(json!({ "rule": rule })),
            Conflict::ReviewLocked { days } => Some(json!({ "editable_days": days })),
            _ => None,
        }
    }
}
