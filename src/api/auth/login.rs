//! POST /api/v1/auth/login: email and password for an access token and a refresh token.
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::accounts::sessions::{log_in, SignIn};
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;

#[derive(Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[tracing::instrument(skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let ttl_days = state.settings.refresh_token_ttl_days;
    match log_in(&state.db, &state.jwt, ttl_days, &email, password, now()).await? {
        SignIn::Accepted(tokens) => Ok(HttpResponse::Ok().json(tokens)),
        SignIn::WrongCredentials => Err(ApiError::InvalidCredentials),
        SignIn::Unverified => Err(ApiError::EmailNotVerified),
    }
}
