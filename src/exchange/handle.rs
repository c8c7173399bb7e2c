//! The exchange's operations as the ways in call them (the API's handlers and the match
//! pages alike): each runs one rule in a transaction of its own, at one clock reading, for
//! an [`Actor`], and a reservation's step then brings the search index up to date with
//! what is left of the listing.
use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::db::listings::Listing;
use crate::db::match_messages::MatchMessage;
use crate::db::matches::Match;
use crate::db::reservations::Reservation;
use crate::db::{now, Db, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{Actor, Interest, MatchId, ReservationId};
use crate::notify::Notifier;

use super::completion::Completion;
use super::transitions::Action;
use super::{matches, messages, reservations, Context};

/// What the exchange's operations run on: the database, the catalogue (taxonomy and
/// search index) and the notifier. Cheap to clone: each operation moves a copy into the
/// blocking task that runs its transaction.
#[derive(Clone)]
pub struct Handle {
    pub db: Db,
    pub catalogue: Arc<Catalogue>,
    pub notifier: Arc<Notifier>,
}

impl Handle {
    /// What the rules need, read at the time of the call.
    pub fn context(&self) -> Context<'_> {
        Context {
            catalogue: &self.catalogue,
            notifier: &self.notifier,
            at: now(),
        }
    }

    /// One side says it is interested, or declines; returns the match as stored after it.
    pub async fn record_interest(
        &self,
        actor: Actor,
        id: MatchId,
        interest: Interest,
    ) -> Result<Match, DomainError> {
        let this = self.clone();
        self.db
            .transact(move |conn| -> Result<_, DomainError> {
                matches::set_interest(conn, &this.context(), &actor, &id, interest)
            })
            .await
    }

    /// Writes a message on the match's thread as the actor's organisation.
    pub async fn write_message(
        &self,
        actor: Actor,
        id: MatchId,
        body: String,
    ) -> Result<MatchMessage, DomainError> {
        let this = self.clone();
        self.db
            .transact(move |conn| -> Result<_, DomainError> {
                messages::post(conn, &this.context(), &actor, &id, &body)
            })
            .await
    }

    /// The taker asks for `quantity` of the match's listing.
    pub async fn reserve(
        &self,
        actor: Actor,
        id: MatchId,
        quantity: f64,
    ) -> Result<Reservation, DomainError> {
        self.on_listing(move |conn, cx| reservations::reserve(conn, cx, &actor, &id, quantity))
            .await
    }

    /// Confirms, refuses or cancels a reservation (see `transitions`).
    pub async fn apply(
        &self,
        actor: Actor,
        id: ReservationId,
        action: Action,
    ) -> Result<Reservation, DomainError> {
        self.on_listing(move |conn, cx| reservations::act(conn, cx, &actor, &id, action))
            .await
    }

    /// Records the collection and completes the reservation.
    pub async fn record_completion(
        &self,
        actor: Actor,
        id: ReservationId,
        completion: Completion,
    ) -> Result<Reservation, DomainError> {
        self.on_listing(move |conn, cx| reservations::complete(conn, cx, &actor, &id, &completion))
            .await
    }

    /// Runs a step of a reservation in one transaction, then shows the listing as it is
    /// after it in the search index (only once it is stored).
    async fn on_listing<F>(&self, step: F) -> Result<Reservation, DomainError>
    where
        F: FnOnce(&mut DbConnection, &Context<'_>) -> Result<(Reservation, Listing), DomainError>
            + Send
            + 'static,
    {
        let this = self.clone();
        let (reservation, listing) = self
            .db
            .transact(move |conn| step(conn, &this.context()))
            .await?;
        self.catalogue.apply_listing(&listing);
        Ok(reservation)
    }
}
