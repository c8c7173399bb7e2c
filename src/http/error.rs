//! The one API error type, and its `application/problem+json` (RFC 9457) response.
//!
//! Which variant to use where:
//! - input that fails validation: [`ApiError::Validation`] with per-field details;
//! - a body that is not JSON: `MalformedJson`; other unusable requests: `BadRequest`;
//! - no or bad credentials: `Unauthenticated`, with the [`Challenge`] its 401 carries;
//!   wrong login: `InvalidCredentials`;
//! - a caller who may not do this: `Forbidden`; a resource of another organisation or that
//!   does not exist: `NotFound` (never 403, so ids cannot be probed);
//! - anything unexpected: `ApiError::internal(err)`; its cause goes to the log, never to
//!   the client.
//!
//! diesel and pool errors are converted here once: not found 404, unique violation 409,
//! closed connection or exhausted pool 503.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

pub use crate::domain::error::{Conflict, DomainError, FieldError};
use crate::domain::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("{0}")]
    BadRequest(String),
    /// An import whose rows do not all pass: nothing was stored; every error is listed with
    /// its line and column.
    #[error("{} rows of the import have errors: nothing was imported", .0.len())]
    ImportRejected(Vec<crate::domain::error::RowError>),
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("the request body must be application/json")]
    UnsupportedMediaType,
    #[error("{}", .0.detail())]
    Unauthenticated(Challenge),
    #[error("the email or password is wrong")]
    InvalidCredentials,
    #[error("the email address has not been verified yet")]
    EmailNotVerified,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("the resource does not exist")]
    NotFound,
    #[error("this method is not allowed on this resource")]
    MethodNotAllowed,
    #[error("{0}")]
    Conflict(Conflict),
    #[error("the token is unknown, expired or already used")]
    InvalidToken,
    #[error("this Idempotency-Key was used for another request; use a new key")]
    IdempotencyKeyReused,
    #[error("this resource has changed since the version named in If-Match; read it again")]
    PreconditionFailed,
    #[error("too many requests; retry in {0} s")]
    RateLimited(u64),
    #[error("the service is temporarily unavailable")]
    ServiceUnavailable,
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// What a 401 asks the client for, in its `WWW-Authenticate` field (RFC 9110 §11.6.1
/// requires one on every 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Challenge {
    /// No credential where a bearer token or an API key is needed: RFC 6750's challenge,
    /// without an error code as §3.1 asks of a request that carried none.
    Bearer,
    /// A bearer token or API key that is expired, revoked or unknown: `invalid_token`, so
    /// a client knows to refresh its token (or to stop using a revoked key).
    InvalidBearer,
    /// Credentials that go in a JSON body or a form (sign-in, refresh, the pages' session):
    /// no registered scheme carries an email and password in a body, and `Bearer` would
    /// send a client to put a token in the header of an endpoint that reads none, so the
    /// challenge names Terril's own scheme (prefixed, as unregistered names should be) in
    /// the same realm; clients that do not know it ignore it, and browsers show no dialog.
    SignIn,
}

/// The realm of every challenge: one protection space, the accounts of this service.
const REALM: &str = "terril";

impl Challenge {
    /// The `WWW-Authenticate` field value.
    pub fn header_value(self) -> String {
        match self {
            Challenge::Bearer => format!("Bearer realm=\"{REALM}\""),
            Challenge::InvalidBearer => format!(
                "Bearer realm=\"{REALM}\", error=\"invalid_token\", \
                 error_description=\"the access token or API key is expired, revoked or unknown\""
            ),
            Challenge::SignIn => format!("Terril-Login realm=\"{REALM}\""),
        }
    }

    fn detail(self) -> &'static str {
        match self {
            Challenge::Bearer => "authentication is required: a bearer token or an API key",
            Challenge::InvalidBearer => {
                "the access token or API key is expired, revoked or unknown"
            }
            Challenge::SignIn => {
                "the session is not valid (expired, revoked or unknown): sign in again"
            }
        }
    }
}

impl ApiError {
    /// The challenge of a 401: every 401 carries one.
    pub fn challenge(&self) -> Option<Challenge> {
        match self {
            ApiError::Unauthenticated(challenge) => Some(*challenge),
            ApiError::InvalidCredentials => Some(Challenge::SignIn),
            _ => None,
        }
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(err.into())
    }

    pub fn field(field: &str, code: &str, message: &str) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::ImportRejected(_) => "import_rejected",
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::Unauthenticated(_) => "unauthenticated",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::EmailNotVerified => "email_not_verified",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict(conflict) => conflict.code(),
            ApiError::InvalidToken => "invalid_token",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::PreconditionFailed => "precondition_failed",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::ServiceUnavailable => "service_unavailable",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "Invalid fields",
            ApiError::ImportRejected(_) => "Import rejected",
            ApiError::IdempotencyKeyReused => "Idempotency key reused",
            ApiError::PreconditionFailed => "Precondition failed",
            ApiError::MalformedJson(_) => "Malformed JSON",
            ApiError::BadRequest(_) | ApiError::InvalidToken => "Bad request",
            ApiError::PayloadTooLarge => "Payload too large",
            ApiError::UnsupportedMediaType => "Unsupported media type",
            ApiError::Unauthenticated(_) | ApiError::InvalidCredentials => "Unauthenticated",
            ApiError::EmailNotVerified | ApiError::Forbidden(_) => "Forbidden",
            ApiError::NotFound => "Not found",
            ApiError::MethodNotAllowed => "Method not allowed",
            ApiError::Conflict(_) => "Conflict",
            ApiError::RateLimited(_) => "Too many requests",
            ApiError::ServiceUnavailable => "Service unavailable",
            ApiError::Internal(_) => "Internal server error",
        }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    code: &'a str,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldError]>,
    /// What a conflict's client needs to act on it (the quantity left, the status now).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    details: Option<serde_json::Value>,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_)
            | ApiError::IdempotencyKeyReused
            | ApiError::ImportRejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedJson(_) | ApiError::BadRequest(_) | ApiError::InvalidToken => {
                StatusCode::BAD_REQUEST
            }
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthenticated(_) | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::EmailNotVerified | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = ?cause, "request failed with an internal error");
        }
        let status = self.status_code();
        let problem = Problem {
            kind: format!("urn:terril:problem:{}", self.code()),
            title: self.title(),
            status: status.as_u16(),
            code: self.code(),
            detail: self.to_string(),
            errors: match self {
                ApiError::Validation(errors) => Some(errors),
                _ => None,
            },
            details: match self {
                ApiError::Conflict(conflict) => conflict.details(),
                ApiError::ImportRejected(errors) => Some(serde_json::json!({ "errors": errors })),
                _ => None,
            },
        };
        let mut response = HttpResponse::build(status);
        response.content_type(PROBLEM_JSON);
        if let ApiError::RateLimited(wait) = self {
            response.insert_header(("Retry-After", wait.to_string()));
        }
        if let Some(challenge) = self.challenge() {
            response.insert_header(("WWW-Authenticate", challenge.header_value()));
        }
        response.json(problem)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        StorageError::from(err).into()
    }
}

impl From<StorageError> for ApiError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::NotFound => ApiError::NotFound,
            StorageError::UniqueViolation(_) => ApiError::Conflict(Conflict::Other(
                "a resource with these values exists already".into(),
            )),
            StorageError::Unavailable | StorageError::Retryable => ApiError::ServiceUnavailable,
            StorageError::Other(cause) => ApiError::Internal(cause),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        match err {
            DomainError::Invalid(fields) => ApiError::Validation(fields),
            DomainError::NotFound => ApiError::NotFound,
            DomainError::Forbidden(why) => ApiError::Forbidden(why),
            DomainError::InvalidToken => ApiError::InvalidToken,
            DomainError::Conflict(conflict) => ApiError::Conflict(conflict),
            DomainError::PreconditionFailed => ApiError::PreconditionFailed,
            DomainError::Storage(err) => err.into(),
            DomainError::Busy => ApiError::ServiceUnavailable,
            DomainError::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

impl From<crate::imports::operation::Refused> for ApiError {
    fn from(refused: crate::imports::operation::Refused) -> Self {
        use crate::imports::operation::Refused;
        match refused {
            Refused::NotText => ApiError::BadRequest(refused.to_string()),
            Refused::Rows(errors) => ApiError::ImportRejected(errors),
            Refused::Domain(error) => error.into(),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        ApiError::Validation(crate::domain::validation::field_errors(&errors))
    }
}
