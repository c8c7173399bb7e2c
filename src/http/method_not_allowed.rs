//! The answer of both route tables (`api::table`, `web::table`) to a method a resource
//! does not take.
use actix_web::http::header::{HeaderValue, ALLOW};
use actix_web::{HttpResponse, ResponseError};

use super::error::ApiError;

/// 405 with the `Allow` header RFC 9110 requires: the methods the resource answers.
pub async fn method_not_allowed(allowed: &'static [&'static str]) -> HttpResponse {
    let mut response = ApiError::MethodNotAllowed.error_response();
    if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}
