//! Password reset: a request sends a single-use link (whatever the address, the answer is
//! the same); confirming sets the new password and ends every session of the user.
use actix_web::{web, HttpResponse};
use minijinja::context;
use serde::Deserialize;
use validator::Validate;

use super::register::language_of;
use super::{off_executor, Accepted, NewToken, PASSWORD_RESET_TTL_HOURS};
use crate::auth::password::hash_password;
use crate::auth::tokens::hash_secret;
use crate::db::one_time_tokens::{OneTimeToken, PASSWORD_RESET};
use crate::db::refresh_tokens::RefreshToken;
use crate::db::users::User;
use crate::db::{now, DbConnection};
use crate::domain::normalise_email;
use crate::error::ApiError;
use crate::routes::json_body::Json;
use crate::routes::validated;
use crate::startup::AppState;

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
    let email = normalise_email(&validated(body)?.email);
    let tx_state = state.clone();
    state
        .db
        .write(move |conn| match User::find_by_email(conn, &email)? {
            Some(user) => send_reset_link(conn, &tx_state, &user),
            None => Ok(()),
        })
        .await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        status: "accepted",
        message: "If an account uses this address, a reset link is on its way.",
    }))
}

fn send_reset_link(conn: &mut DbConnection, state: &AppState, user: &User) -> Result<(), ApiError> {
    OneTimeToken::retire_for_user(conn, PASSWORD_RESET, &user.id, now())?;
    let (secret, _) = NewToken {
        purpose: PASSWORD_RESET,
        ttl_hours: PASSWORD_RESET_TTL_HOURS,
        user_id: Some(user.id.clone()),
        organisation_id: None,
        email: None,
        role: None,
        invited_by: None,
    }
    .store(conn)?;
    let link = state
        .notifier
        .link(&format!("/reset-password?token={secret}"));
    state.notifier.queue(
        conn,
        &user.email,
        language_of(user),
        "password_reset",
        context! { recipient_name => &user.name, link, expires_hours => PASSWORD_RESET_TTL_HOURS },
    )?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn confirm_reset(
    state: web::Data<AppState>,
    body: Json<ResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let ResetConfirm { token, password } = validated(body)?;
    let password_hash = off_executor(move || hash_password(&password)).await??;
    let hash = hash_secret(&token);
    state
        .db
        .write(move |conn| {
            let at = now();
            let token = OneTimeToken::consume(conn, PASSWORD_RESET, &hash, at)?
                .ok_or(ApiError::InvalidToken)?;
            let user_id = token.user_id.ok_or(ApiError::InvalidToken)?;
            User::set_password_hash(conn, &user_id, &password_hash)?;
            // The link proves the address works.
            User::mark_verified(conn, &user_id, at)?;
            RefreshToken::revoke_all_of_user(conn, &user_id, at)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
