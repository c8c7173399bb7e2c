//! Registration, email verification, sessions (login, refresh, logout), password reset.
pub mod login;
pub mod logout;
pub mod password_reset;
pub mod refresh;
pub mod register;
pub mod verify_email;

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::auth::tokens::{hash_secret, new_secret};
use crate::db::one_time_tokens::OneTimeToken;
use crate::db::refresh_tokens::RefreshToken;
use crate::db::users::User;
use crate::db::{new_id, now, DbConnection};
use crate::domain::{OrganisationId, Role, UserId};
use crate::error::ApiError;
use crate::startup::AppState;

pub const VERIFY_EMAIL_TTL_HOURS: i64 = 48;
pub const PASSWORD_RESET_TTL_HOURS: i64 = 1;
pub const INVITATION_TTL_HOURS: i64 = 7 * 24;

/// The answer to requests whose outcome must not reveal whether an email is registered.
#[derive(Serialize)]
pub struct Accepted {
    pub status: &'static str,
    pub message: &'static str,
}

#[derive(Serialize)]
pub struct TokenPair {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub refresh_token: String,
}

#[derive(Deserialize, Validate)]
pub struct RefreshTokenBody {
    #[validate(length(min = 1, max = 512))]
    pub refresh_token: String,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: String,
}

/// Stores a new single-use token and returns its secret, to be sent by email only.
pub struct NewToken<'a> {
    pub purpose: &'a str,
    pub ttl_hours: i64,
    pub user_id: Option<UserId>,
    pub organisation_id: Option<OrganisationId>,
    pub email: Option<String>,
    pub role: Option<Role>,
    pub invited_by: Option<UserId>,
}

impl NewToken<'_> {
    pub fn store(self, conn: &mut DbConnection) -> Result<(String, OneTimeToken), ApiError> {
        let secret = new_secret();
        let created_at = now();
        let token = OneTimeToken {
            id: new_id(),
            purpose: self.purpose.into(),
            token_hash: hash_secret(&secret),
            user_id: self.user_id,
            organisation_id: self.organisation_id,
            email: self.email,
            role: self.role,
            invited_by: self.invited_by,
            expires_at: created_at + chrono::Duration::hours(self.ttl_hours),
            used_at: None,
            created_at,
        };
        token.insert(conn)?;
        Ok((secret, token))
    }
}

/// Stores a refresh token in `family_id` and returns its secret.
pub fn store_refresh_token(
    conn: &mut DbConnection,
    state: &AppState,
    user_id: &UserId,
    family_id: &str,
) -> Result<String, ApiError> {
    let secret = new_secret();
    let created_at = now();
    RefreshToken {
        id: new_id(),
        user_id: user_id.clone(),
        family_id: family_id.into(),
        token_hash: hash_secret(&secret),
        expires_at: created_at + chrono::Duration::days(state.settings.refresh_token_ttl_days),
        used_at: None,
        revoked_at: None,
        created_at,
    }
    .insert(conn)?;
    Ok(secret)
}

pub fn token_pair(
    state: &AppState,
    user: &User,
    refresh_token: String,
) -> Result<TokenPair, ApiError> {
    Ok(TokenPair {
        access_token: state
            .jwt
            .issue(&user.id, &user.organisation_id, user.role)?,
        token_type: "Bearer",
        expires_in: state.jwt.ttl_secs(),
        refresh_token,
    })
}

/// Runs a CPU-heavy step (password hashing) off the async executor threads.
pub async fn off_executor<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    actix_web::web::block(f).await.map_err(ApiError::internal)
}
