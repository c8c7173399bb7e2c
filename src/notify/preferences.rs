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

/// Every kind of email with the user's mode for it: the one chosen, else `immediate`.
pub fn every_mode(
    chosen: &[(NotificationKind, NotificationMode)],
) -> Vec<(NotificationKind, NotificationMode)> {
    NotificationKind::ALL
        .iter()
        .map(|&kind| {
            let mode = chosen
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(NotificationMode::Immediate, |(_, mode)| *mode);
            (kind, mode)
        })
        .collect()
}

/// The user's mode for every kind of email (the settings page and the API show them all).
pub fn read_all(
    conn: &mut DbConnection,
    user_id: &UserId,
) -> Result<Vec<(NotificationKind, NotificationMode)>, DomainError> {
    Ok(every_mode(&notifications::preferences(conn, user_id)?))
}
