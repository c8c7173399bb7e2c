//! Liveness (the process answers) and readiness (the database answers).
use actix_web::{web, HttpResponse};

use crate::http::error::ApiError;
use crate::http::AppState;

pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Answers within a second, even when the database is gone (a probe must not hang).
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !state.db.answers_within(READY_WAIT).await {
        return Err(ApiError::ServiceUnavailable);
    }
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" })))
}

const READY_WAIT: std::time::Duration = std::time::Duration::from_millis(800);
