//! How each user wants each kind of email: at once, in a daily digest, or never.
use crate::db::notifications;
use crate::db::users::User;
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

/// The one-click unsubscribe of a signed link: `kind` set to `never`, or, for the digest
/// link, every kind the user takes in the digest. InvalidToken when the user is gone or
/// the kind unknown.
pub fn unsubscribe(
    conn: &mut DbConnection,
    user_id: &UserId,
    kind: &str,
) -> Result<(), DomainError> {
    User::find(conn, user_id).map_err(|_| DomainError::InvalidToken)?;
    let kinds: Vec<NotificationKind> = if kind == super::unsubscribe::DIGEST {
        notifications::preferences(conn, user_id)?
            .into_iter()
            .filter(|(_, mode)| *mode == NotificationMode::Digest)
            .map(|(kind, _)| kind)
            .collect()
    } else {
        vec![NotificationKind::parse(kind).ok_or(DomainError::InvalidToken)?]
    };
    for kind in kinds {
        notifications::set_mode(conn, user_id, kind, NotificationMode::Never)?;
    }
    Ok(())
}
