//! The history of a match, as its two sides read it (`match_events`), and the domain event
//! each entry is (`events`), written together.
use crate::db::matches::{Match, MatchEvent};
use crate::db::{now, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{EventId, HistoryKind, ReservationId};

use crate::domain::Actor;

/// Records an entry of the match's history and its domain event.
pub fn record(
    conn: &mut DbConnection,
    m: &Match,
    reservation_id: Option<&ReservationId>,
    kind: HistoryKind,
    actor: &Actor,
    note: Option<&str>,
) -> Result<(), DomainError> {
    let id = EventId::generate();
    let at = now();
    MatchEvent {
        id: id.to_string(),
        match_id: m.id.clone(),
        reservation_id: reservation_id.cloned(),
        kind,
        actor_organisation_id: actor.organisation_id.clone(),
        actor_user_id: actor.user_id.clone(),
        note: note.map(Into::into),
        created_at: at,
    }
    .insert(conn)?;
    crate::events::of_match(conn, m, reservation_id, kind.event(), id, actor, at)?;
    Ok(())
}
