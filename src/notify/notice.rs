//! Telling a user about an event, the way they chose for its kind: an email now, a line in
//! tomorrow's digest, or nothing. Each (event, user) pair is recorded once, and its email
//! carries a Message-ID derived from both, so retries, refreshes and concurrent workers
//! never tell anyone twice. A match notice taken "at once" waits a few minutes instead, to
//! go out in one email with the matches found meanwhile (`super::grouped`).
use minijinja::{context, Value};

use super::{grouped, Envelope, Notifier};
use crate::db::notifications::{self, Notification};
use crate::db::users::User;
use crate::db::{new_id, now, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{Language, NotificationKind, NotificationMode, UserId};

/// One event as one recipient sees it, in their language.
pub struct Notice {
    pub template: &'static str,
    pub vars: Value,
    /// One line for the daily digest.
    pub summary: String,
    /// Where the email leads (a resource of the API).
    pub url: String,
}

/// Tells `user` of the event `event_key` of `kind`; `notice` writes it in a language.
/// Beyond `notifications_per_hour` emails in the past hour, it goes into the digest.
pub fn tell(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user: &User,
    kind: NotificationKind,
    event_key: &str,
    notice: impl FnOnce(Language) -> Notice,
) -> Result<(), DomainError> {
    let mut mode = notifications::mode_of(conn, &user.id, kind)?;
    if mode == NotificationMode::Never {
        return Ok(());
    }
    let at = now();
    // One user's flood of news (a holder posting 200 listings) goes to their digest.
    if mode == NotificationMode::Immediate {
        let since = at - chrono::Duration::hours(1);
        let sent = Notification::immediate_since(conn, &user.id, since)?;
        if sent >= i64::from(notifier.notifications_per_hour) {
            mode = NotificationMode::Digest;
        }
    }
    let language = user.language;
    let notice = notice(language);
    let grouped = mode == NotificationMode::Immediate && grouped::groups(kind);
    let details = grouped.then(|| grouped::details(&notice)).transpose()?;
    let recorded = Notification {
        id: new_id(),
        user_id: user.id.clone(),
        kind,
        event_key: event_key.into(),
        mode,
        summary: notice.summary,
        url: notice.url,
        digest_day: at.date(),
        digested_at: None,
        created_at: at,
        send_after: grouped.then(|| at + notifier.match_grouping),
        sent_in: None,
        details,
    }
    .insert_if_new(conn)?;
    if !recorded || mode == NotificationMode::Digest || grouped {
        return Ok(());
    }
    let unsubscribe_url = unsubscribe_link(notifier, &user.id, kind.as_str())?;
    notifier.queue_with(
        conn,
        &user.email,
        language,
        notice.template,
        context! { recipient_name => &user.name, ..notice.vars },
        Envelope {
            message_key: Some(message_key(event_key, &user.id)),
            unsubscribe_url: Some(unsubscribe_url),
        },
    )?;
    Ok(())
}

/// What the Message-ID of the email telling `user_id` of `event_key` derives from.
pub fn message_key(event_key: &str, user_id: &UserId) -> String {
    format!("{event_key}.{user_id}")
}

pub fn unsubscribe_link(
    notifier: &Notifier,
    user_id: &str,
    kind: &str,
) -> Result<String, DomainError> {
    let token = notifier.unsubscribe.sign(user_id, kind)?;
    Ok(notifier.link(&format!("/api/v1/unsubscribe?token={token}")))
}
