//! Accounts: organisations and their people, the single-use links that prove an address or
//! let someone in (verification, password reset, invitation), sessions and API keys.
//! Each file holds its rules (functions in the caller's transaction) and the operations
//! that the API's handlers and the pages share (async functions over the database and
//! what else they need, returning [`DomainError`]): each way in parses its input, makes
//! one call and renders the result its own way.
pub mod api_keys;
pub mod invitations;
pub mod passwords;
pub mod registration;
pub mod sessions;
pub mod web_sessions;

use chrono::NaiveDateTime;

use crate::auth::tokens::{hash_secret, new_secret};
use crate::db::one_time_tokens::OneTimeToken;
use crate::db::users::User;
use crate::db::{new_id, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{Actor, OrganisationId, Role, UserId};

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

/// The acting person, if they are an owner or admin of the acting organisation: only they
/// manage its API keys and invitations. An [`Actor`] names who acts, not their role, so
/// the role is read here, in the operation's transaction (as it is now).
pub fn manager(conn: &mut DbConnection, actor: &Actor) -> Result<User, DomainError> {
    let user_id = actor.user_id.as_ref().ok_or(DomainError::Forbidden(
        "this action needs a signed-in user, not an API key",
    ))?;
    let user = User::find(conn, user_id)?;
    if user.organisation_id != *actor.organisation()? || !user.role.can_manage() {
        return Err(DomainError::Forbidden("only owners and admins may do this"));
    }
    Ok(user)
}
