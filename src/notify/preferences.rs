//! How each user wants each kind of email: at once, in a daily digest, or never.
use crate::db::notifications;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{NotificationKind, NotificationMode, UserId};

/// Sets the user's mode for each kind in `changes`; returns every mode they have chosen.
pub fn set(
    conn: &mut DbConnection,
    user_id: &UserId,
    changes: &[(NotificationKind, NotificationMode)],
) -> Result<Vec<(NotificationKind, NotificationMode)>, DomainError> {
    for (kind, mode) in changes {
        notifications::set_mode(conn, user_id, *kind, *mode)?;
    }
    Ok(notifications::preferences(conn, user_id)?)
}
