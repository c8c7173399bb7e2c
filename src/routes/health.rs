//! Liveness (the process answers) and readiness (the database answers).
use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;

use crate::error::ApiError;
use crate::startup::AppState;

pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db
        .read(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(|_| ApiError::ServiceUnavailable)
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" })))
}
