//! Sessions: a refresh token per sign-in, in a family. Each refresh token works once;
//! presenting a used one again means it leaked, so its whole family is revoked. Signing
//! in checks an email and password ([`authenticate`], the API's and the pages' check);
//! the API then answers a token pair ([`log_in`]), the pages a session cookie.
use chrono::NaiveDateTime;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::{off_executor, verify_password, waste_equal_time};
use crate::auth::tokens::{hash_secret, new_secret};
use crate::db::refresh_tokens::RefreshToken;
use crate::db::users::User;
use crate::db::{new_id, Db, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{normalise_email, UserId};
use crate::views::accounts::TokenPair;

/// Longer passwords are never valid; refusing them early bounds the hashing work.
const MAX_PASSWORD_LEN: usize = 128;

/// What came of an email and password: each way in tells the person in its own words.
#[derive(Debug)]
pub enum SignIn<T> {
    /// The right password for a verified address: the user, or what signing in gave them.
    Accepted(T),
    /// No account of this email, or another password: the two are never told apart.
    WrongCredentials,
    /// The right password, for an address not verified yet.
    Unverified,
}

/// The user of this email and password, whose address is verified: the check of every
/// sign-in, the API's and the pages'. An unknown email costs the time a known one does.
pub async fn authenticate(
    db: &Db,
    email: &str,
    password: String,
) -> Result<SignIn<User>, DomainError> {
    if password.len() > MAX_PASSWORD_LEN {
        return Ok(SignIn::WrongCredentials);
    }
    let email = normalise_email(email);
    let user = db
        .run(move |conn| -> Result<_, DomainError> { Ok(User::find_by_email(conn, &email)?) })
        .await?;
    let user = off_executor(move || match user {
        Some(user) if verify_password(&password, &user.password_hash) => Some(user),
        Some(_) => None,
        None => {
            waste_equal_time(&password);
            None
        }
    })
    .await?;
    Ok(match user {
        None => SignIn::WrongCredentials,
        Some(user) if user.email_verified_at.is_none() => SignIn::Unverified,
        Some(user) => SignIn::Accepted(user),
    })
}

/// Signs in through the API: a new session (`ttl_days` long) and its token pair.
pub async fn log_in(
    db: &Db,
    jwt: &JwtKeys,
    ttl_days: i64,
    email: &str,
    password: String,
    at: NaiveDateTime,
) -> Result<SignIn<TokenPair>, DomainError> {
    let user = match authenticate(db, email, password).await? {
        SignIn::Accepted(user) => user,
        SignIn::WrongCredentials => return Ok(SignIn::WrongCredentials),
        SignIn::Unverified => return Ok(SignIn::Unverified),
    };
    let user_id = user.id.clone();
    let refresh = db
        .transact(move |conn| start(conn, &user_id, ttl_days, at))
        .await?;
    tracing::info!(user_id = %user.id, "user signed in");
    Ok(SignIn::Accepted(token_pair(jwt, &user, refresh)?))
}

/// A new access token for `user`, beside the refresh token of their session.
pub fn token_pair(
    jwt: &JwtKeys,
    user: &User,
    refresh_token: String,
) -> Result<TokenPair, DomainError> {
    Ok(TokenPair {
        access_token: jwt.issue(&user.id, &user.organisation_id, user.role)?,
        token_type: "Bearer",
        expires_in: jwt.ttl_secs(),
        refresh_token,
    })
}

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
