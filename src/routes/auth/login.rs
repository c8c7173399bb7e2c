//! POST /api/v1/auth/login: email and password for an access token and a refresh token.
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::{off_executor, store_refresh_token, token_pair};
use crate::auth::password::{verify_password, waste_equal_time};
use crate::db::new_id;
use crate::db::users::User;
use crate::domain::normalise_email;
use crate::error::ApiError;
use crate::routes::json_body::Json;
use crate::startup::AppState;

/// Longer passwords are never valid; refusing them early bounds the hashing work.
const MAX_PASSWORD_LEN: usize = 128;

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
    if password.len() > MAX_PASSWORD_LEN {
        return Err(ApiError::InvalidCredentials);
    }
    let email = normalise_email(&email);
    let user = state
        .db
        .read(move |conn| Ok(User::find_by_email(conn, &email)?))
        .await?;
    let user = off_executor(move || match user {
        Some(user) if verify_password(&password, &user.password_hash) => Some(user),
        Some(_) => None,
        None => {
            waste_equal_time(&password);
            None
        }
    })
    .await?
    .ok_or(ApiError::InvalidCredentials)?;
    if user.email_verified_at.is_none() {
        return Err(ApiError::EmailNotVerified);
    }
    let session_state = state.clone();
    let user_id = user.id.clone();
    let refresh = state
        .db
        .write(move |conn| store_refresh_token(conn, &session_state, &user_id, &new_id()))
        .await?;
    tracing::info!(user_id = %user.id, "user signed in");
    Ok(HttpResponse::Ok().json(token_pair(&state, &user, refresh)?))
}
