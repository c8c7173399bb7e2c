//! Password reset: a request sends a single-use link (whatever the address, the answer is
//! the same); confirming sets the new password and ends every session of the user.
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use validator::Validate;

use super::{off_executor, Accepted};
use crate::accounts::passwords;
use crate::api::validated;
use crate::auth::password::hash_password;
use crate::db::now;
use crate::domain::normalise_email;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::EdgeDb;

#[derive(Deserialize, Validate)]
pub struct ResetRequest {
    #[validate(email, length(max = 254))]
    pub email: String,
}

#[derive(Deserialize, Validate)]
pub struct ResetConfirm {
    pub token: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
}

#[tracing::instrument(skip_all)]
pub async fn request_reset(
    state: web::Data<AppState>,
    body: Json<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    send_reset_link(&state, validated(body)?).await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        status: "accepted",
        message: "If an account uses this address, a reset link is on its way.",
    }))
}

#[tracing::instrument(skip_all)]
pub async fn confirm_reset(
    state: web::Data<AppState>,
    body: Json<ResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    set_new_password(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Emails a reset link if an account uses the address (the API's and the page's way).
pub async fn send_reset_link(state: &AppState, request: ResetRequest) -> Result<(), ApiError> {
    request.validate()?;
    let email = normalise_email(&request.email);
    let notifier = state.notifier.clone();
    state
        .db
        .write(move |conn| Ok(passwords::request_reset(conn, &notifier, &email, now())?))
        .await
}

/// Sets the password through the emailed link; every session of the user ends.
pub async fn set_new_password(state: &AppState, request: ResetConfirm) -> Result<(), ApiError> {
    request.validate()?;
    let ResetConfirm { token, password } = request;
    let password_hash = off_executor(move || hash_password(&password)).await??;
    state
        .db
        .write(move |conn| Ok(passwords::reset(conn, &token, &password_hash, now())?))
        .await
}
