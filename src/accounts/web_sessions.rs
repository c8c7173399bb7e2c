//! The sessions of people signed in to the web pages: a random secret in an HttpOnly
//! cookie, its hash in `web_sessions`. Signing out deletes the row, so the session ends on
//! the server, not only in the browser.
use chrono::{Duration, NaiveDateTime};

use crate::auth::tokens::{hash_secret, new_secret};
use crate::db::users::User;
use crate::db::web_sessions::WebSession;
use crate::db::{new_id, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::UserId;

/// How long a session lasts at most, and unused.
#[derive(Debug, Clone, Copy)]
pub struct SessionLifetime {
    pub max: Duration,
    pub idle: Duration,
}

impl SessionLifetime {
    /// The lifetime the pages' settings give a session.
    pub fn of(settings: &crate::configuration::web::WebSettings) -> Self {
        Self {
            max: Duration::days(settings.session_days),
            idle: Duration::hours(settings.session_idle_hours),
        }
    }
}

/// `last_seen_at` is written at most this often, so that reading a page stays a read.
const TOUCH_INTERVAL_SECS: i64 = 60;

/// Opens a session for the user; returns the secret for the cookie.
pub fn open(
    conn: &mut DbConnection,
    user_id: &UserId,
    lifetime: SessionLifetime,
    at: NaiveDateTime,
) -> Result<String, DomainError> {
    // The user's ended sessions go as a new one starts, so they never pile up.
    WebSession::delete_ended_of_user(conn, user_id, at, at - lifetime.idle)?;
    let secret = new_secret();
    WebSession {
        id: new_id(),
        user_id: user_id.clone(),
        token_hash: hash_secret(&secret),
        created_at: at,
        last_seen_at: at,
        expires_at: at + lifetime.max,
    }
    .insert(conn)?;
    Ok(secret)
}

/// The user of the session whose cookie holds `secret`, while it is open.
pub fn find(
    conn: &mut DbConnection,
    secret: &str,
    lifetime: SessionLifetime,
    at: NaiveDateTime,
) -> Result<Option<User>, DomainError> {
    let found = WebSession::find_open(conn, &hash_secret(secret), at, at - lifetime.idle)?;
    let Some((session, user)) = found else {
        return Ok(None);
    };
    if (at - session.last_seen_at).num_seconds() >= TOUCH_INTERVAL_SECS {
        WebSession::touch(conn, &session.id, at)?;
    }
    Ok(Some(user))
}

/// Ends the session whose cookie holds `secret`, if it is one.
pub fn close(conn: &mut DbConnection, secret: &str) -> Result<(), DomainError> {
    WebSession::delete_by_hash(conn, &hash_secret(secret))?;
    Ok(())
}
