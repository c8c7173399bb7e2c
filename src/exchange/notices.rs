//! Who is told of each reservation step: a request goes to the holder; confirmations and
//! refusals to the taker; a cancellation to the side that did not cancel. Completion is
//! not emailed. Each recipient is told the way they chose (`notify::events::tell`).
use crate::db::listings::Listing;
use crate::db::matches::Match;
use crate::db::organisations::Organisation;
use crate::db::reservations::Reservation;
use crate::db::users::User;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{NotificationKind, OrganisationId};
use crate::matching::messages::reservation_notice;
use crate::notify::events::tell;

use super::transitions::{Action, Side};
use super::{Actor, Context};

/// Tells the listing's contacts that `taker_id` asked for a reservation.
pub fn requested(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    taker_id: &OrganisationId,
    reservation: &Reservation,
    listing: &Listing,
    event: &str,
) -> Result<(), DomainError> {
    let taker = Organisation::find(conn, taker_id)?;
    let holders =
        User::contacts_for_post(conn, listing.created_by.as_ref(), &listing.organisation_id)?;
    let kind = NotificationKind::ReservationRequested;
    for user in holders {
        tell(conn, cx.notifier, &user, kind, event, |lang| {
            let template = "reservation_requested";
            reservation_notice(
                cx.notifier,
                template,
                reservation,
                &listing.title,
                &taker.name,
                lang,
            )
        })?;
    }
    Ok(())
}

/// Tells the other side of the match that `side` took `action`.
#[allow(clippy::too_many_arguments)]
pub fn step_taken(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    side: Side,
    reservation: &Reservation,
    m: &Match,
    listing: &Listing,
    action: Action,
    event: &str,
) -> Result<(), DomainError> {
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
    let recipients = match side {
        Side::Holder => {
            let wanted =
                WantedRequest::find(conn, &m.wanted_request_id)?.ok_or(DomainError::NotFound)?;
            User::contacts_for_post(conn, wanted.created_by.as_ref(), &wanted.organisation_id)?
        }
        Side::Taker => {
            User::contacts_for_post(conn, listing.created_by.as_ref(), &listing.organisation_id)?
        }
    };
    let by = Organisation::find(conn, actor.organisation()?)?;
    for user in recipients {
        tell(conn, cx.notifier, &user, kind, event, |lang| {
            reservation_notice(
                cx.notifier,
                template,
                reservation,
                &listing.title,
                &by.name,
                lang,
            )
        })?;
    }
    Ok(())
}
