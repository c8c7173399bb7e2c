//! Registration, email verification, sessions (login, refresh, logout), password reset.
pub mod login;
pub mod logout;
pub mod password_reset;
pub mod refresh;
pub mod register;
pub mod verify_email;

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::db::users::User;
use crate::http::error::ApiError;
use crate::http::AppState;

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

/// Runs a CPU-heavy step (password hashing) off the async executor threads, as many at
/// once as there are cores: each argon2 hash takes 19 MiB, so a flood of sign-ins waits
/// its turn instead of taking the process's memory with it.
pub async fn off_executor<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
        tokio::sync::Semaphore::new(crate::auth::password::hashes_at_once())
    });
    let _turn = HASHING.acquire().await.map_err(ApiError::internal)?;
    actix_web::web::block(f).await.map_err(ApiError::internal)
}
