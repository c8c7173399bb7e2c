//! Domain events: every state change of a post, a match or a reservation appends one, in
//! the transaction that makes the change (see `db::events` for how the feed is read
//! without skipping a late commit).
use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::db::events::NewEvent;
use crate::db::listings::Listing;
use crate::db::matches::Match;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::Actor;
use crate::domain::{EventId, EventKind, PostChange, ReservationId};

fn new(kind: EventKind, actor: &Actor, at: NaiveDateTime) -> NewEvent {
    NewEvent {
        id: EventId::generate(),
        kind,
        listing_id: None,
        wanted_request_id: None,
        match_id: None,
        reservation_id: None,
        holder_organisation_id: None,
        taker_organisation_id: None,
        actor_organisation_id: actor.organisation_id.clone(),
        actor_user_id: actor.user_id.clone(),
        occurred_at: at,
    }
}

/// Appends what happened to a listing.
pub fn listing(
    conn: &mut DbConnection,
    row: &Listing,
    change: PostChange,
    actor: &Actor,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let kind = match change {
        PostChange::Created => EventKind::ListingCreated,
        PostChange::Published => EventKind::ListingPublished,
        PostChange::Updated => EventKind::ListingUpdated,
        PostChange::Withdrawn => EventKind::ListingWithdrawn,
        PostChange::Expired => EventKind::ListingExpired,
        PostChange::Exhausted => EventKind::ListingExhausted,
    };
    NewEvent {
        listing_id: Some(row.id.clone()),
        holder_organisation_id: Some(row.organisation_id.clone()),
        ..new(kind, actor, at)
    }
    .append(conn)
}

/// Appends what happened to a wanted request (which is never exhausted: it has no stock).
pub fn wanted(
    conn: &mut DbConnection,
    row: &WantedRequest,
    change: PostChange,
    actor: &Actor,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let kind = match change {
        PostChange::Created => EventKind::WantedCreated,
        PostChange::Published => EventKind::WantedPublished,
        PostChange::Updated | PostChange::Exhausted => EventKind::WantedUpdated,
        PostChange::Withdrawn => EventKind::WantedWithdrawn,
        PostChange::Expired => EventKind::WantedExpired,
    };
    NewEvent {
        wanted_request_id: Some(row.id.clone()),
        taker_organisation_id: Some(row.organisation_id.clone()),
        ..new(kind, actor, at)
    }
    .append(conn)
}

/// Appends what happened to a match, or to one of its reservations.
pub fn of_match(
    conn: &mut DbConnection,
    m: &Match,
    reservation_id: Option<&ReservationId>,
    kind: EventKind,
    id: EventId,
    actor: &Actor,
    at: NaiveDateTime,
) -> QueryResult<()> {
    NewEvent {
        listing_id: Some(m.listing_id.clone()),
        wanted_request_id: Some(m.wanted_request_id.clone()),
        match_id: Some(m.id.clone()),
        reservation_id: reservation_id.cloned(),
        holder_organisation_id: Some(m.holder_organisation_id.clone()),
        taker_organisation_id: Some(m.taker_organisation_id.clone()),
        id,
        ..new(kind, actor, at)
    }
    .append(conn)
}
