//! The history of a match, as its two sides read it (`match_events`), and the domain event
//! each entry is (`events`), written together.
use crate::db::matches::{Match, MatchEvent};
use crate::db::{now, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{EventId, EventKind, ReservationId};

use super::Actor;

/// The domain event of an entry of a match's history.
fn event_kind(history_kind: &str) -> Option<EventKind> {
    Some(match history_kind {
        "created" => EventKind::MatchCreated,
        "refreshed" | "interested" | "declined" => EventKind::MatchUpdated,
        "closed" => EventKind::MatchClosed,
        "reopened" => EventKind::MatchReopened,
        "reservation_requested" => EventKind::ReservationRequested,
        "reservation_confirmed" => EventKind::ReservationConfirmed,
        "reservation_refused" => EventKind::ReservationRefused,
        "reservation_cancelled" => EventKind::ReservationCancelled,
        "reservation_completed" => EventKind::ReservationCompleted,
        _ => return None,
    })
}

/// Records an entry of the match's history and its domain event.
pub fn record(
    conn: &mut DbConnection,
    m: &Match,
    reservation_id: Option<&ReservationId>,
    kind: &str,
    actor: &Actor,
    note: Option<&str>,
) -> Result<(), DomainError> {
    let id = EventId::generate();
    let at = now();
    MatchEvent {
        id: id.to_string(),
        match_id: m.id.clone(),
        reservation_id: reservation_id.cloned(),
        kind: kind.into(),
        actor_organisation_id: actor.organisation_id.clone(),
        actor_user_id: actor.user_id.clone(),
        note: note.map(Into::into),
        created_at: at,
    }
    .insert(conn)?;
    let event = event_kind(kind)
        .ok_or_else(|| DomainError::internal(anyhow::anyhow!("no event for {kind:?}")))?;
    crate::events::of_match(conn, m, reservation_id, event, id, actor, at)?;
    Ok(())
}
