//! The thread of a match: the two organisations write to each other on the match's page or
//! through the API. A message is stored with its `match.message_posted` event (same id),
//! and the other side is told by email from the feed (`notices`), like every other step.
use crate::db::match_messages::MatchMessage;
use crate::db::matches::Match;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::pagination::{Page, PageRequest};
use crate::domain::{EventId, EventKind, MatchId, MessageId, OrganisationId};

use super::matches::visible;
use super::Context;
use crate::domain::Actor;

/// The longest message, in characters: a long email, not a document.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// The most messages one match holds, so that a thread cannot grow without end.
pub const MAX_MESSAGES_A_MATCH: u32 = 500;

/// Writes `body` on the match's thread as the actor's organisation; returns the message.
pub fn post(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &MatchId,
    body: &str,
) -> Result<MatchMessage, DomainError> {
    let organisation_id = actor.organisation()?;
    let m = visible(conn, id, organisation_id)?;
    let body = checked_body(body)?;
    let held = MatchMessage::count_of_match(conn, &m.id)?;
    Conflict::check_quota("messages on this match", held, MAX_MESSAGES_A_MATCH)?;
    let message = MatchMessage {
        id: MessageId::generate(),
        match_id: m.id.clone(),
        organisation_id: organisation_id.clone(),
        user_id: actor.user_id.clone(),
        body,
        created_at: cx.at,
    };
    message.insert(conn)?;
    let event_id = EventId::parse(message.id.as_str()).expect("a message id is a UUID");
    let kind = EventKind::MatchMessagePosted;
    crate::events::of_match(conn, &m, None, kind, event_id, actor, cx.at)?;
    Ok(message)
}

/// One page of the match's thread, oldest first, with the match, when `organisation_id`
/// is on one of its sides (NotFound otherwise).
pub fn thread(
    conn: &mut DbConnection,
    id: &MatchId,
    organisation_id: &OrganisationId,
    page: &PageRequest,
) -> Result<(Match, Page<MatchMessage>), DomainError> {
    let m = visible(conn, id, organisation_id)?;
    let after = page.after.as_deref().and_then(MessageId::parse);
    let rows = MatchMessage::of_match(conn, &m.id, after.as_ref(), page.fetch_limit())?;
    let rows = page.page(rows, |r| r.id.as_str(), |r| r);
    Ok((m, rows))
}

/// Records that `organisation_id` has read the match's thread (its page was opened) at
/// `at`: the dashboard stops listing it as unread. NotFound when the organisation is on
/// neither side.
pub fn mark_read(
    conn: &mut DbConnection,
    id: &MatchId,
    organisation_id: &OrganisationId,
    at: chrono::NaiveDateTime,
) -> Result<(), DomainError> {
    let m = visible(conn, id, organisation_id)?;
    crate::db::match_reads::mark_read(conn, &m.id, organisation_id, at)?;
    Ok(())
}

/// The message an event of kind `match.message_posted` tells of.
pub fn of_event(
    conn: &mut DbConnection,
    event_id: &EventId,
) -> Result<Option<MatchMessage>, DomainError> {
    let Some(id) = MessageId::parse(event_id.as_str()) else {
        return Ok(None);
    };
    Ok(MatchMessage::find(conn, &id)?)
}

/// The text trimmed; refused when empty, too long or holding control characters other
/// than line breaks and tabs.
fn checked_body(body: &str) -> Result<String, DomainError> {
    let body = body.trim();
    let refuse = |code: &str, message: &str| Err(DomainError::field("body", code, message));
    if body.is_empty() {
        return refuse("required", "write a message");
    }
    if body.chars().count() > MAX_MESSAGE_CHARS {
        let message = format!("a message is at most {MAX_MESSAGE_CHARS} characters");
        return refuse("too_long", &message);
    }
    if body
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return refuse(
            "control_character",
            "control characters (such as NUL) are not allowed here",
        );
    }
    Ok(body.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::checked_body;

    #[test]
    fn a_body_is_trimmed_and_checked() {
        assert_eq!(
            checked_body("  Bonjour\r\nà demain \n").unwrap(),
            "Bonjour\nà demain"
        );
        assert!(checked_body(" \n ").is_err());
        assert!(checked_body("a\0b").is_err());
        assert!(checked_body(&"é".repeat(4001)).is_err());
        assert!(checked_body(&"é".repeat(4000)).is_ok());
    }
}
