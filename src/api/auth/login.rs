//! POST /api/v1/auth/login: email and password for an access token and a refresh token.
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::{off_executor, token_pair};
use crate::accounts::sessions;
use crate::auth::password::{verify_password, waste_equal_time};
use crate::db::now;
use crate::db::users::User;
use crate::domain::normalise_email;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::EdgeDb;

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
    let user = authenticate(&state, &email, password).await?;
    let (user_id, ttl_days) = (user.id.clone(), state.settings.refresh_token_ttl_days);
    let refresh = state
        .db
        .write(move |conn| Ok(sessions::start(conn, &user_id, ttl_days, now())?))
        .await?;
    tracing::info!(user_id = %user.id, "user signed in");
    Ok(HttpResponse::Ok().json(token_pair(&state, &user, refresh)?))
}

/// The user of this email and password, whose address is verified: the check of every
/// sign-in, the API's and the pages'. An unknown email costs the time a known one does.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: String,
) -> Result<User, ApiError> {
    if password.len() > MAX_PASSWORD_LEN {
        return Err(ApiError::InvalidCredentials);
    }
    let email = normalise_email(email);
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
    Ok(user)
}
