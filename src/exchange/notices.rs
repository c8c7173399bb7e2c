//! Who is told of what, derived from the event feed: a new match goes to both sides; a
//! reservation request to the holder; a confirmation or a refusal to the taker; a
//! cancellation to the side that did not cancel. Completion is not emailed. Each recipient
//! is told the way they chose (`notify::notice::tell`); match notices found within a few
//! minutes of each other go out as one email (`notify::grouped`).
//!
//! The rules that change things never send email themselves: they append events, and
//! [`send_batch`] reads the feed behind them, in one transaction with the move of its
//! cursor (`feed_cursors`), so each event is told once even when an instance dies midway,
//! and a state change rolled back is never told at all.
use crate::db::events::{self, Event};
use crate::db::feed_cursors::{self, NOTICES};
use crate::db::listing_photos::ListingPhoto;
use crate::db::listings::Listing;
use crate::db::matches::Match;
use crate::db::organisations::Organisation;
use crate::db::reservations::Reservation;
use crate::db::users::User;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{EventKind, MatchStatus, NotificationKind};
use crate::notify::notice::tell;
use crate::notify::wording::{message_notice, reservation_notice, Pair};

use super::transitions::{Action, Side};
use super::Context;

/// Events read per transaction: each may write a few emails.
const BATCH: i64 = 200;

/// Tells the recipients of the events after the cursor of [`NOTICES`]; returns how many
/// events were read (0 when another instance holds the cursor). Run it in a write
/// transaction.
pub fn send_batch(conn: &mut DbConnection, cx: &Context<'_>) -> Result<usize, DomainError> {
    let Some(cursor) = feed_cursors::claim(conn, NOTICES)? else {
        return Ok(0);
    };
    let (batch, _) = events::after(conn, cursor, BATCH)?;
    for event in &batch {
        of_event(conn, cx, event)?;
    }
    if let Some(last) = batch.last() {
        feed_cursors::advance(conn, NOTICES, last.cursor(), cx.at)?;
    }
    Ok(batch.len())
}

/// Tells whoever `event` concerns. The key of its emails is the event's id, so a user is
/// told of one event once. (Events written before events had ids were told when they
/// happened.)
pub fn of_event(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    event: &Event,
) -> Result<(), DomainError> {
    let Some(key) = event.id.as_ref().map(ToString::to_string) else {
        return Ok(());
    };
    let action = match event.kind {
        EventKind::MatchCreated => return match_found(conn, cx, event, &key),
        EventKind::ReservationRequested => return requested(conn, cx, event, &key),
        EventKind::MatchMessagePosted => return message_posted(conn, cx, event, &key),
        EventKind::ReservationConfirmed => Action::Confirm,
        EventKind::ReservationRefused => Action::Refuse,
        EventKind::ReservationCancelled => Action::Cancel,
        _ => return Ok(()),
    };
    step_taken(conn, cx, event, action, &key)
}

/// The match and the reservation an event names, and the listing, when they still exist.
fn reservation_of(
    conn: &mut DbConnection,
    event: &Event,
) -> Result<Option<(Match, Reservation, Listing)>, DomainError> {
    let (Some(match_id), Some(reservation_id)) = (&event.match_id, &event.reservation_id) else {
        return Ok(None);
    };
    let (Some(m), Some(reservation)) = (
        Match::find(conn, match_id)?,
        Reservation::find(conn, reservation_id)?,
    ) else {
        return Ok(None);
    };
    let Some(listing) = Listing::find(conn, &reservation.listing_id)? else {
        return Ok(None);
    };
    Ok(Some((m, reservation, listing)))
}

/// Both sides of a new match, unless it closed before it could be told.
fn match_found(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    event: &Event,
    key: &str,
) -> Result<(), DomainError> {
    let Some(match_id) = &event.match_id else {
        return Ok(());
    };
    let Some(matched) = Match::find(conn, match_id)?.filter(|m| m.status == MatchStatus::Open)
    else {
        return Ok(());
    };
    let listing = Listing::find(conn, &matched.listing_id)?.ok_or(DomainError::NotFound)?;
    let wanted =
        WantedRequest::find(conn, &matched.wanted_request_id)?.ok_or(DomainError::NotFound)?;
    // A match asked for from the listing's page was not found by Terril: the taker made
    // it, and the holder hears of what they asked (a reservation, a message) instead.
    if wanted.for_listing_id.is_some() {
        return Ok(());
    }
    let holder = Organisation::find(conn, &listing.organisation_id)?;
    let taker = Organisation::find(conn, &wanted.organisation_id)?;
    let cover = ListingPhoto::covers_of(conn, std::slice::from_ref(&listing.id))?;
    let pair = Pair {
        matched: &matched,
        listing: &listing,
        wanted: &wanted,
        holder_name: &holder.name,
        taker_name: &taker.name,
        cover: cover.get(&listing.id),
    };
    let kind = NotificationKind::MatchFound;
    for user in User::contacts_for_post(conn, listing.created_by.as_ref(), &holder.id)? {
        tell(conn, cx.notifier, &user, kind, key, |lang| {
            pair.to_holder(cx.notifier, lang)
        })?;
    }
    for user in User::contacts_for_post(conn, wanted.created_by.as_ref(), &taker.id)? {
        tell(conn, cx.notifier, &user, kind, key, |lang| {
            pair.to_taker(cx.notifier, &cx.catalogue.taxonomy, lang)
        })?;
    }
    Ok(())
}

/// The listing's contacts, of the taker's request.
fn requested(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    event: &Event,
    key: &str,
) -> Result<(), DomainError> {
    let Some((m, reservation, listing)) = reservation_of(conn, event)? else {
        return Ok(());
    };
    let taker = Organisation::find(conn, &m.taker_organisation_id)?;
    let holders =
        User::contacts_for_post(conn, listing.created_by.as_ref(), &listing.organisation_id)?;
    let kind = NotificationKind::ReservationRequested;
    for user in holders {
        tell(conn, cx.notifier, &user, kind, key, |lang| {
            let template = "reservation_requested";
            let (title, by) = (&listing.title, &taker.name);
            reservation_notice(cx.notifier, template, &reservation, title, by, lang)
        })?;
    }
    Ok(())
}

/// The other side of the match, of a message written on its thread.
fn message_posted(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    event: &Event,
    key: &str,
) -> Result<(), DomainError> {
    let Some(id) = &event.id else {
        return Ok(());
    };
    let Some(message) = super::messages::of_event(conn, id)? else {
        return Ok(());
    };
    let Some(m) = Match::find(conn, &message.match_id)? else {
        return Ok(());
    };
    let listing = Listing::find(conn, &m.listing_id)?.ok_or(DomainError::NotFound)?;
    let recipients = if message.organisation_id == m.holder_organisation_id {
        let wanted =
            WantedRequest::find(conn, &m.wanted_request_id)?.ok_or(DomainError::NotFound)?;
        User::contacts_for_post(conn, wanted.created_by.as_ref(), &wanted.organisation_id)?
    } else {
        User::contacts_for_post(conn, listing.created_by.as_ref(), &listing.organisation_id)?
    };
    let from = Organisation::find(conn, &message.organisation_id)?;
    let kind = NotificationKind::MessageReceived;
    for user in recipients {
        tell(conn, cx.notifier, &user, kind, key, |lang| {
            message_notice(cx.notifier, &message, &listing.title, &from.name, lang)
        })?;
    }
    Ok(())
}

/// The other side of the match, of the step the acting side took.
fn step_taken(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    event: &Event,
    action: Action,
    key: &str,
) -> Result<(), DomainError> {
    let Some((m, reservation, listing)) = reservation_of(conn, event)? else {
        return Ok(());
    };
    let (kind, template) = match action {
        Action::Confirm => (
            NotificationKind::ReservationConfirmed,
            "reservation_confirmed",
        ),
        Action::Refuse => (NotificationKind::ReservationRefused, "reservation_refused"),
        Action::Cancel => (
            NotificationKind::ReservationCancelled,
            "reservation_cancelled",
        ),
        Action::Complete => return Ok(()),
    };
    // Withdrawing a listing cancels its reservations in the holder's name.
    let side = if event.actor_organisation_id.as_ref() == Some(&m.taker_organisation_id) {
        Side::Taker
    } else {
        Side::Holder
    };
    let (recipients, by) = match side {
        Side::Holder => {
            let wanted =
                WantedRequest::find(conn, &m.wanted_request_id)?.ok_or(DomainError::NotFound)?;
            let author = wanted.created_by.as_ref();
            let users = User::contacts_for_post(conn, author, &wanted.organisation_id)?;
            (users, &m.holder_organisation_id)
        }
        Side::Taker => {
            let author = listing.created_by.as_ref();
            let users = User::contacts_for_post(conn, author, &listing.organisation_id)?;
            (users, &m.taker_organisation_id)
        }
    };
    let by = Organisation::find(conn, by)?;
    for user in recipients {
        tell(conn, cx.notifier, &user, kind, key, |lang| {
            let title = &listing.title;
            reservation_notice(cx.notifier, template, &reservation, title, &by.name, lang)
        })?;
    }
    Ok(())
}
