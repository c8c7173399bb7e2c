//! The daily digest: everything a user chose to get "in a digest" on one (UTC) day, in one
//! email sent after that day ends. The Message-ID is derived from the user and the day, so
//! two instances running this at once queue one email.
use chrono::NaiveDate;
use minijinja::context;

use super::notice::unsubscribe_link;
use super::unsubscribe::DIGEST;
use super::{Envelope, Notifier};
use crate::db::notifications::Notification;
use crate::db::users::User;
use crate::db::{now, Db};
use crate::domain::error::DomainError;
use crate::domain::UserId;

/// Sends the digests of every day before `today` not sent yet; returns how many.
pub async fn send_due(
    db: &Db,
    notifier: &std::sync::Arc<Notifier>,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    let due = db
        .run(move |conn| anyhow::Ok(Notification::due_digests(conn, today)?))
        .await?;
    let count = due.len();
    for (user_id, day) in due {
        let notifier = notifier.clone();
        db.transact::<_, DomainError, _>(move |conn| send_one(conn, &notifier, &user_id, day))
            .await?;
    }
    Ok(count)
}

fn send_one(
    conn: &mut crate::db::DbConnection,
    notifier: &Notifier,
    user_id: &UserId,
    day: NaiveDate,
) -> Result<(), DomainError> {
    let items = Notification::digest_of(conn, user_id, day)?;
    if items.is_empty() {
        return Ok(());
    }
    let user = User::find(conn, user_id)?;
    let language = user.language;
    let lines: Vec<_> = items
        .iter()
        .map(|n| context! { summary => &n.summary, url => &n.url })
        .collect();
    let label = day.to_string();
    notifier.queue_with(
        conn,
        &user.email,
        language,
        "digest",
        context! {
            recipient_name => &user.name,
            day => &label,
            items => lines,
            count => items.len(),
        },
        Envelope {
            // The first item names the digest: two instances sending the same one agree,
            // and an item that committed after the day's digest gets a digest of its own.
            message_key: Some(format!("digest.{label}.{user_id}.{}", items[0].id)),
            unsubscribe_url: Some(unsubscribe_link(notifier, user_id, DIGEST)?),
        },
    )?;
    let ids: Vec<String> = items.into_iter().map(|n| n.id).collect();
    Notification::mark_digested(conn, &ids, now())?;
    Ok(())
}
