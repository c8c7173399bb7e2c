//! Forgotten passwords: a request sends a single-use link (whatever the address, nothing is
//! told), and setting the new one through it ends every session of the user.
use std::sync::Arc;

use chrono::NaiveDateTime;
use minijinja::context;
use serde::Deserialize;
use validator::Validate;

use super::{consume, NewToken, PASSWORD_RESET_TTL_HOURS};
use crate::auth::password::{hash_password, off_executor};
use crate::db::one_time_tokens::{OneTimeToken, PASSWORD_RESET};
use crate::db::refresh_tokens::RefreshToken;
use crate::db::users::User;
use crate::db::web_sessions::WebSession;
use crate::db::{Db, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::normalise_email;
use crate::domain::validation::check;
use crate::notify::Notifier;

/// The address a reset link is asked for.
#[derive(Deserialize, Validate)]
pub struct ResetRequest {
    #[validate(email, length(max = 254))]
    pub email: String,
}

/// The new password, with the token of the emailed link.
#[derive(Deserialize, Validate)]
pub struct ResetConfirm {
    pub token: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
}

/// Emails a reset link if an account uses the address (the API's way and the page's).
pub async fn send_reset_link(
    db: &Db,
    notifier: &Arc<Notifier>,
    request: ResetRequest,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    check(&request)?;
    let email = normalise_email(&request.email);
    let notifier = notifier.clone();
    db.transact(move |conn| request_reset(conn, &notifier, &email, at))
        .await
}

/// Sets the password through the emailed link; every session of the user ends.
pub async fn set_new_password(
    db: &Db,
    request: ResetConfirm,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    check(&request)?;
    let ResetConfirm { token, password } = request;
    let password_hash = off_executor(move || hash_password(&password)).await??;
    db.transact(move |conn| reset(conn, &token, &password_hash, at))
        .await
}

/// Emails a reset link to the account of `email`, if there is one; earlier links stop
/// working.
pub fn request_reset(
    conn: &mut DbConnection,
    notifier: &Notifier,
    email: &str,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let Some(user) = User::find_by_email(conn, email)? else {
        return Ok(());
    };
    OneTimeToken::retire_for_user(conn, PASSWORD_RESET, &user.id, at)?;
    let (secret, _) =
        NewToken::for_user(PASSWORD_RESET, PASSWORD_RESET_TTL_HOURS, &user.id).store(conn, at)?;
    let link = notifier.link(&format!("/reset-password?token={secret}"));
    notifier.queue(
        conn,
        &user.email,
        user.language,
        "password_reset",
        context! { recipient_name => &user.name, link, expires_hours => PASSWORD_RESET_TTL_HOURS },
    )
}

/// Sets the password through the link's `secret`; every session of the user ends.
pub fn reset(
    conn: &mut DbConnection,
    secret: &str,
    password_hash: &str,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let token = consume(conn, PASSWORD_RESET, secret, at)?;
    let user_id = token.user_id.ok_or(DomainError::InvalidToken)?;
    User::set_password_hash(conn, &user_id, password_hash)?;
    // The link proves the address works.
    User::mark_verified(conn, &user_id, at)?;
    RefreshToken::revoke_all_of_user(conn, &user_id, at)?;
    WebSession::delete_all_of_user(conn, &user_id)?;
    Ok(())
}
