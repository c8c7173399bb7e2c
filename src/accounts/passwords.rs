//! Forgotten passwords: a request sends a single-use link (whatever the address, nothing is
//! told), and setting the new one through it ends every session of the user.
use chrono::NaiveDateTime;
use minijinja::context;

use super::{consume, NewToken, PASSWORD_RESET_TTL_HOURS};
use crate::db::one_time_tokens::{OneTimeToken, PASSWORD_RESET};
use crate::db::refresh_tokens::RefreshToken;
use crate::db::users::User;
use crate::db::web_sessions::WebSession;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::notify::Notifier;

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
