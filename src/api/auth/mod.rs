//! Registration, email verification, sessions (login, refresh, logout), password reset.
//! The operations are `accounts`'; these handlers parse, call one and answer.
pub mod login;
pub mod logout;
pub mod password_reset;
pub mod refresh;
pub mod register;
pub mod verify_email;

use serde::{Deserialize, Serialize};
use validator::Validate;

/// The answer to requests whose outcome must not reveal whether an email is registered.
#[derive(Serialize)]
pub struct Accepted {
    pub status: &'static str,
    pub message: &'static str,
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
