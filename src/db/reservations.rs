//! Every query on `reservations`, and the one statement that takes quantity from a listing.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{listings, reservations};
use super::DbConnection;

use crate::domain::{
    ListingId, MatchId, PostStatus, ReservationId, ReservationStatus, Unit, UserId, WantedId,
};

/// Quantities are floats: a reservation of exactly what is left must not fail on rounding.
const EPSILON: f64 = 1e-9;

/// Its status changes only through [`Reservation::transition`].
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = reservations)]
pub struct Reservation {
    pub id: ReservationId,
    pub match_id: MatchId,
    pub listing_id: ListingId,
    pub wanted_request_id: WantedId,
    pub quantity: f64,
    pub unit: Unit,
    pub status: ReservationStatus,
    pub mass_t: Option<f64>,
    pub co2e_avoided_kg: Option<f64>,
    pub requested_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Reservation {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(reservations::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find(conn: &mut DbConnection, id: &ReservationId) -> QueryResult<Option<Reservation>> {
        reservations::table.find(id).first(conn).optional()
    }

    pub fn of_match(conn: &mut DbConnection, match_id: &MatchId) -> QueryResult<Vec<Reservation>> {
        reservations::table
            .filter(reservations::match_id.eq(match_id))
            .order(reservations::id.asc())
            .load(conn)
    }

    /// Moves the reservation from one of `from` to `to` in one conditional statement;
    /// false when its status was not in `from` (a concurrent step got there first), so a
    /// quantity is never given back twice.
    pub fn transition(
        conn: &mut DbConnection,
        id: &ReservationId,
        from: &[ReservationStatus],
        to: ReservationStatus,
        co2e_avoided_kg: Option<f64>,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let updated = diesel::update(reservations::table.find(id))
            .filter(reservations::status.eq_any(from))
            .set((
                reservations::status.eq(to),
                reservations::co2e_avoided_kg.eq(co2e_avoided_kg),
                reservations::updated_at.eq(at),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// The reservations of the listing still waiting (requested or confirmed).
    pub fn pending_of_listing(
        conn: &mut DbConnection,
        listing_id: &ListingId,
    ) -> QueryResult<Vec<Reservation>> {
        reservations::table
            .filter(reservations::listing_id.eq(listing_id))
            .filter(reservations::status.eq_any(ReservationStatus::LIVE))
            .order(reservations::id.asc())
            .load(conn)
    }

    /// The quantity of the listing that reservations hold or took: requested, confirmed
    /// and completed.
    pub fn held(conn: &mut DbConnection, listing_id: &ListingId) -> QueryResult<f64> {
        let quantities: Vec<f64> = reservations::table
            .filter(reservations::listing_id.eq(listing_id))
            .filter(reservations::status.eq_any(ReservationStatus::HOLDING))
            .select(reservations::quantity)
            .load(conn)?;
        Ok(quantities.iter().sum())
    }

    /// The matches of a post that hold a live (requested or confirmed) reservation.
    pub fn matches_holding(
        conn: &mut DbConnection,
        side: super::matches::PostSide,
        post_id: &str,
    ) -> QueryResult<Vec<MatchId>> {
        use super::matches::PostSide;
        let live = reservations::table
            .filter(reservations::status.eq_any(ReservationStatus::LIVE))
            .select(reservations::match_id)
            .distinct()
            .into_boxed();
        match side {
            PostSide::Listing => live.filter(reservations::listing_id.eq(post_id.to_owned())),
            PostSide::Wanted => live.filter(reservations::wanted_request_id.eq(post_id.to_owned())),
        }
        .load(conn)
    }

    /// Whether the match holds a live (requested or confirmed) reservation.
    pub fn live_on_match(conn: &mut DbConnection, match_id: &MatchId) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            reservations::table
                .filter(reservations::match_id.eq(match_id))
                .filter(reservations::status.eq_any(ReservationStatus::LIVE)),
        ))
        .get_result(conn)
    }

    /// How many reservations of the listing still hold quantity without being collected.
    pub fn count_pending(conn: &mut DbConnection, listing_id: &ListingId) -> QueryResult<i64> {
        reservations::table
            .filter(reservations::listing_id.eq(listing_id))
            .filter(reservations::status.eq_any(ReservationStatus::LIVE))
            .count()
            .get_result(conn)
    }
}

/// Takes `quantity` from the listing's available quantity if that much is left and the
/// listing is open; false otherwise. One conditional UPDATE: PostgreSQL locks the row and
/// re-checks the condition for a concurrent second taker, SQLite has one writer at a time,
/// so the quantity is never oversold on either engine.
pub fn take_from_listing(
    conn: &mut DbConnection,
    listing_id: &ListingId,
    quantity: f64,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(listings::table.find(listing_id))
        .filter(listings::quantity_available.ge(quantity - EPSILON))
        .filter(listings::status.eq_any(PostStatus::VISIBLE))
        .set((
            listings::quantity_available.eq(listings::quantity_available - quantity),
            listings::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(updated == 1)
}

/// Gives a refused or cancelled reservation's quantity back to the listing.
pub fn give_back_to_listing(
    conn: &mut DbConnection,
    listing_id: &ListingId,
    quantity: f64,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(listings::table.find(listing_id))
        .set((
            listings::quantity_available.eq(listings::quantity_available + quantity),
            listings::updated_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

impl Reservation {
    /// Records what was actually collected: the quantity (no more than was reserved) and
    /// its mass.
    pub fn record_collection(
        conn: &mut DbConnection,
        id: &ReservationId,
        quantity: f64,
        mass_t: Option<f64>,
    ) -> QueryResult<()> {
        diesel::update(reservations::table.find(id))
            .set((
                reservations::quantity.eq(quantity),
                reservations::mass_t.eq(mass_t),
            ))
            .execute(conn)
            .map(drop)
    }
}

// Dashboard slice.
impl Reservation {
    /// The organisation's reservations in `statuses` on the `holder` side (its listings)
    /// or the taker's side (its wanted requests), the newest first, at most `limit`.
    pub fn of_side(
        conn: &mut DbConnection,
        organisation_id: &crate::domain::OrganisationId,
        holder: bool,
        statuses: &[ReservationStatus],
        limit: i64,
    ) -> QueryResult<Vec<Reservation>> {
        use super::schema::matches;
        let org = organisation_id.as_str();
        let query = reservations::table
            .inner_join(matches::table.on(matches::id.eq(reservations::match_id)))
            .filter(reservations::status.eq_any(statuses))
            .select(reservations::all_columns)
            .into_boxed();
        let query = if holder {
            query.filter(matches::holder_organisation_id.eq(org))
        } else {
            query.filter(matches::taker_organisation_id.eq(org))
        };
        query.order(reservations::id.desc()).limit(limit).load(conn)
    }

    /// How many of the organisation's listings' reservations wait for its answer.
    pub fn count_to_answer(
        conn: &mut DbConnection,
        organisation_id: &crate::domain::OrganisationId,
    ) -> QueryResult<i64> {
        use super::schema::matches;
        reservations::table
            .inner_join(matches::table.on(matches::id.eq(reservations::match_id)))
            .filter(matches::holder_organisation_id.eq(organisation_id.as_str()))
            .filter(reservations::status.eq(ReservationStatus::Requested))
            .count()
            .get_result(conn)
    }
}

// Reviews slice.
impl Reservation {
    /// How many exchanges the organisation completed, as holder or as taker.
    pub fn count_completed_of(
        conn: &mut DbConnection,
        organisation_id: &crate::domain::OrganisationId,
    ) -> QueryResult<i64> {
        use super::schema::matches;
        let org = organisation_id.as_str();
        reservations::table
            .inner_join(matches::table.on(matches::id.eq(reservations::match_id)))
            .filter(reservations::status.eq(ReservationStatus::Completed))
            .filter(
                matches::holder_organisation_id
                    .eq(org)
                    .or(matches::taker_organisation_id.eq(org)),
            )
            .count()
            .get_result(conn)
    }
}
