//! Accounts: organisations and their people, the single-use links that prove an address or
//! let someone in (verification, password reset, invitation), and sessions. The API's
//! handlers (and the web pages to come) parse a request, hash a password off the
//! executor, and call one of these inside their transaction.
pub mod api_keys;
pub mod invitations;
pub mod passwords;
pub mod registration;
pub mod sessions;
pub mod web_sessions;

use chrono::NaiveDateTime;

use crate::auth::tokens::{hash_secret, new_secret};
use crate::db::one_time_tokens::OneTimeToken;
use crate::db::{new_id, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{OrganisationId, Role, UserId};

pub const VERIFY_EMAIL_TTL_HOURS: i64 = 48;
pub const PASSWORD_RESET_TTL_HOURS: i64 = 1;
pub const INVITATION_TTL_HOURS: i64 = 7 * 24;

/// A new single-use token: only its hash is stored, its secret goes out by email only.
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
    /// A token for `user_id` alone (verification, password reset).
    pub fn for_user<'p>(purpose: &'p str, ttl_hours: i64, user_id: &UserId) -> NewToken<'p> {
        NewToken {
            purpose,
            ttl_hours,
            user_id: Some(user_id.clone()),
            organisation_id: None,
            email: None,
            role: None,
            invited_by: None,
        }
    }

    /// Stores the token; returns its secret and the stored row.
    pub fn store(
        self,
        conn: &mut DbConnection,
        at: NaiveDateTime,
    ) -> Result<(String, OneTimeToken), DomainError> {
        let secret = new_secret();
        let token = OneTimeToken {
            id: new_id(),
            purpose: self.purpose.into(),
            token_hash: hash_secret(&secret),
            user_id: self.user_id,
            organisation_id: self.organisation_id,
            email: self.email,
            role: self.role,
            invited_by: self.invited_by,
            expires_at: at + chrono::Duration::hours(self.ttl_hours),
            used_at: None,
            created_at: at,
        };
        token.insert(conn)?;
        Ok((secret, token))
    }
}

/// Uses up the token of `purpose` whose secret is `secret`; InvalidToken when it is
/// unknown, used or expired.
pub fn consume(
    conn: &mut DbConnection,
    purpose: &str,
    secret: &str,
    at: NaiveDateTime,
) -> Result<OneTimeToken, DomainError> {
    OneTimeToken::consume(conn, purpose, &hash_secret(secret), at)?.ok_or(DomainError::InvalidToken)
}
