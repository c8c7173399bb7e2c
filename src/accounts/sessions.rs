//! Sessions: a refresh token per sign-in, in a family. Each refresh token works once;
//! presenting a used one again means it leaked, so its whole family is revoked.
use chrono::NaiveDateTime;

use crate::auth::tokens::{hash_secret, new_secret};
use crate::db::refresh_tokens::RefreshToken;
use crate::db::users::User;
use crate::db::{new_id, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::UserId;

/// What came of presenting a refresh token.
pub enum Refreshed {
    /// The user, and the secret of the token that replaces the one presented.
    Rotated(Box<User>, String),
    /// Unknown, expired or revoked.
    Rejected,
    /// Used already: its family is revoked now (and the revocation must commit).
    ReuseDetected,
}

/// Starts a session (a new family) for `user_id`; returns its refresh token's secret.
pub fn start(
    conn: &mut DbConnection,
    user_id: &UserId,
    ttl_days: i64,
    at: NaiveDateTime,
) -> Result<String, DomainError> {
    store(conn, user_id, &new_id(), ttl_days, at)
}

fn store(
    conn: &mut DbConnection,
    user_id: &UserId,
    family_id: &str,
    ttl_days: i64,
    at: NaiveDateTime,
) -> Result<String, DomainError> {
    let secret = new_secret();
    RefreshToken {
        id: new_id(),
        user_id: user_id.clone(),
        family_id: family_id.into(),
        token_hash: hash_secret(&secret),
        expires_at: at + chrono::Duration::days(ttl_days),
        used_at: None,
        revoked_at: None,
        created_at: at,
    }
    .insert(conn)?;
    Ok(secret)
}

/// Trades the refresh token of `secret` for a new one of the same family.
pub fn refresh(
    conn: &mut DbConnection,
    secret: &str,
    ttl_days: i64,
    at: NaiveDateTime,
) -> Result<Refreshed, DomainError> {
    let Some(token) = RefreshToken::find_by_hash(conn, &hash_secret(secret))? else {
        return Ok(Refreshed::Rejected);
    };
    if token.revoked_at.is_some() || token.expires_at <= at {
        return Ok(Refreshed::Rejected);
    }
    if !RefreshToken::mark_used(conn, &token.id, at)? {
        RefreshToken::revoke_family(conn, &token.family_id, at)?;
        return Ok(Refreshed::ReuseDetected);
    }
    let user = User::find(conn, &token.user_id)?;
    let next = store(conn, &user.id, &token.family_id, ttl_days, at)?;
    Ok(Refreshed::Rotated(Box::new(user), next))
}

/// Ends the session of the refresh token of `secret`, if there is one.
pub fn end(conn: &mut DbConnection, secret: &str, at: NaiveDateTime) -> Result<(), DomainError> {
    if let Some(token) = RefreshToken::find_by_hash(conn, &hash_secret(secret))? {
        RefreshToken::revoke_family(conn, &token.family_id, at)?;
    }
    Ok(())
}
