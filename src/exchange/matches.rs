//! Rules on matches that people apply: seeing one, saying interested or declining.
use super::history::record as record_event;
use crate::db::matches::Match;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{HistoryKind, Interest, MatchId, MatchStatus, OrganisationId};

use super::transitions::Side;
use super::Context;
use crate::domain::Actor;

/// The match if `organisation_id` is on one of its sides; NotFound otherwise.
pub fn visible(
    conn: &mut DbConnection,
    id: &MatchId,
    organisation_id: &OrganisationId,
) -> Result<Match, DomainError> {
    Match::find(conn, id)?
        .filter(|m| side_of(m, organisation_id).is_some())
        .ok_or(DomainError::NotFound)
}

/// Which side of the match the organisation is on, if any.
pub fn side_of(m: &Match, organisation_id: &OrganisationId) -> Option<Side> {
    if m.holder_organisation_id == *organisation_id {
        Some(Side::Holder)
    } else if m.taker_organisation_id == *organisation_id {
        Some(Side::Taker)
    } else {
        None
    }
}

/// Records the actor's side's interest (interested or declined) on an open match; returns
/// the match as stored after it.
pub fn set_interest(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &MatchId,
    interest: Interest,
) -> Result<Match, DomainError> {
    let organisation_id = actor.organisation()?;
    let m = visible(conn, id, organisation_id)?;
    let holder = side_of(&m, organisation_id) == Some(Side::Holder);
    if !Match::set_interest(conn, &m.id, holder, interest, false, cx.at)? {
        return Err(Conflict::MatchClosed.into());
    }
    let kind = match interest {
        Interest::Declined => HistoryKind::Declined,
        Interest::Interested | Interest::Pending => HistoryKind::Interested,
    };
    record_event(conn, &m, None, kind, actor, None)?;
    visible(conn, id, organisation_id)
}

/// Why a match refuses a reservation: closed, or declined by either side.
pub fn refusal(m: &Match) -> Conflict {
    let declined = Interest::Declined;
    if m.status != MatchStatus::Open {
        Conflict::MatchClosed
    } else if m.holder_interest == declined || m.taker_interest == declined {
        Conflict::MatchDeclined
    } else {
        Conflict::MatchClosed
    }
}
