//! Match emails found within a few minutes of each other go out as one. A match notice a
//! user takes "at once" is recorded waiting (`send_after`, its email kept as `details`);
//! [`send_due`], run by the periodic `send_digests` job, sends each user whose oldest
//! waiting notice's time has come ONE email listing every notice waiting (a lone one keeps
//! its own email). The Message-ID derives from the first notice's event and the recipient
//! (as a lone notice's always did), and the notices are marked sent in the transaction
//! that queues the email, only if they were all still waiting: a run repeated after a
//! crash, or two runs at once, queue it once, and a notice recorded meanwhile starts the
//! next group.
use std::sync::Arc;

use chrono::NaiveDateTime;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::notice::{message_key, unsubscribe_link, Notice};
use super::{Envelope, Notifier};
use crate::db::matches::Match;
use crate::db::notifications::{self, Notification};
use crate::db::users::User;
use crate::db::{Db, DbConnection};
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{MatchId, MatchStatus, NotificationKind, NotificationMode, UserId};

/// The one kind of notice that waits for others.
const KIND: NotificationKind = NotificationKind::MatchFound;

/// Matches listed in one email at most; the others are counted, with a link to them all.
const LISTED: usize = 20;

/// Whether notices of `kind` taken "at once" wait to go out together.
pub fn groups(kind: NotificationKind) -> bool {
    kind == KIND
}

/// A waiting notice's email, as kept in `notifications.details`.
#[derive(Serialize, Deserialize)]
struct Details {
    template: String,
    vars: serde_json::Value,
}

/// A waiting notice with its email.
type Item = (Notification, Details);

/// `notice`'s email, to keep while it waits.
pub fn details(notice: &Notice) -> Result<String, DomainError> {
    let details = Details {
        template: notice.template.to_owned(),
        vars: serde_json::to_value(&notice.vars).map_err(DomainError::internal)?,
    };
    serde_json::to_string(&details).map_err(DomainError::internal)
}

/// Sends the groups due at `at`; returns how many emails were queued.
pub async fn send_due(
    db: &Db,
    notifier: &Arc<Notifier>,
    at: NaiveDateTime,
) -> anyhow::Result<usize> {
    let due = db
        .run(move |conn| anyhow::Ok(Notification::due_groups(conn, at)?))
        .await?;
    let mut sent = 0;
    for user_id in due {
        let notifier = notifier.clone();
        match db
            .transact(move |conn| send_one(conn, &notifier, &user_id, at))
            .await
        {
            Ok(queued) => sent += usize::from(queued),
            // Another run took (some of) these notices first: what is left waits for the
            // next pass.
            Err(DomainError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(sent)
}

/// Queues the email of the user's waiting notices; true when one was queued.
fn send_one(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user_id: &UserId,
    at: NaiveDateTime,
) -> Result<bool, DomainError> {
    let waiting = Notification::waiting_of(conn, user_id)?;
    if waiting.is_empty() {
        return Ok(false);
    }
    // The user may have chosen the digest, or no email, since.
    let mode = notifications::mode_of(conn, user_id, KIND)?;
    if mode != NotificationMode::Immediate {
        let ids: Vec<String> = waiting.iter().map(|n| n.id.clone()).collect();
        expect_all(
            Notification::unwait(conn, &ids, mode, at.date())?,
            ids.len(),
        )?;
        return Ok(false);
    }
    let (items, dropped) = still_open(conn, waiting)?;
    if !dropped.is_empty() {
        let mode = NotificationMode::Never;
        expect_all(
            Notification::unwait(conn, &dropped, mode, at.date())?,
            dropped.len(),
        )?;
    }
    let Some((first, _)) = items.first() else {
        return Ok(false);
    };
    let (first_id, key) = (first.id.clone(), message_key(&first.event_key, user_id));
    let ids: Vec<String> = items.iter().map(|(n, _)| n.id.clone()).collect();
    expect_all(
        Notification::mark_grouped(conn, &ids, &first_id)?,
        ids.len(),
    )?;

    let user = User::find(conn, user_id)?;
    let (template, vars) = email_of(notifier, items);
    notifier.queue_with(
        conn,
        &user.email,
        user.language,
        &template,
        context! { recipient_name => &user.name, ..vars },
        Envelope {
            message_key: Some(key),
            unsubscribe_url: Some(unsubscribe_link(notifier, user_id, KIND.as_str())?),
        },
    )?;
    Ok(true)
}

/// The waiting notices whose match is still open, with their email; and the ids of the
/// others, which are not told (a match that closed before its email went out is not
/// announced), nor those whose email cannot be read.
fn still_open(
    conn: &mut DbConnection,
    waiting: Vec<Notification>,
) -> Result<(Vec<Item>, Vec<String>), DomainError> {
    let (mut items, mut dropped) = (Vec::new(), Vec::new());
    for notice in waiting {
        let details = notice
            .details
            .as_deref()
            .and_then(|d| serde_json::from_str::<Details>(d).ok());
        let Some(details) = details else {
            tracing::warn!(notification = %notice.id, "a waiting notice without its email");
            dropped.push(notice.id);
            continue;
        };
        let match_id = details.vars.get("match_id").cloned();
        let match_id = match_id.and_then(|id| serde_json::from_value::<MatchId>(id).ok());
        let open = match match_id {
            Some(id) => Match::find(conn, &id)?.is_some_and(|m| m.status == MatchStatus::Open),
            None => true,
        };
        if open {
            items.push((notice, details));
        } else {
            dropped.push(notice.id);
        }
    }
    Ok((items, dropped))
}

/// A lone notice's own email, or one email listing them all.
fn email_of(notifier: &Notifier, items: Vec<Item>) -> (String, Value) {
    if let [(_, details)] = items.as_slice() {
        let vars = Value::from_serialize(&details.vars);
        return (details.template.clone(), vars);
    }
    let count = items.len();
    let holder_count = items
        .iter()
        .filter(|(_, d)| d.vars.get("side").and_then(|s| s.as_str()) == Some("holder"))
        .count();
    let listed: Vec<Value> = items
        .iter()
        .take(LISTED)
        .map(|(_, d)| Value::from_serialize(&d.vars))
        .collect();
    let vars = context! {
        count,
        holder_count,
        taker_count => count - holder_count,
        items => listed,
        more => count.saturating_sub(LISTED),
        matches_url => notifier.link("/matches"),
    };
    ("match_found_grouped".into(), vars)
}

/// A change that did not find every notice still waiting lost to another run: the
/// transaction is rolled back.
fn expect_all(changed: usize, expected: usize) -> Result<(), DomainError> {
    if changed == expected {
        Ok(())
    } else {
        Err(Conflict::Other("these notices were sent by another run".into()).into())
    }
}
