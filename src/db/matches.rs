//! Every query on `matches` (a listing and a wanted request that fit each other) and
//! `match_events` (the history of each match).
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{match_events, matches};
use super::DbConnection;
use crate::domain::{
    HistoryKind, Interest, ListingId, MatchId, MatchStatus, OrganisationId, PostStatus,
    ReservationId, UserId, WantedId,
};

/// Changed only column by column, with a condition on what was read (no whole-row save:
/// a concurrent change to another column would be lost).
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = matches)]
pub struct Match {
    pub id: MatchId,
    pub listing_id: ListingId,
    pub wanted_request_id: WantedId,
    pub holder_organisation_id: OrganisationId,
    pub taker_organisation_id: OrganisationId,
    pub status: MatchStatus,
    pub closed_reason: Option<String>,
    pub distance_km: f64,
    pub score: f64,
    pub score_distance: f64,
    pub score_class: f64,
    pub score_quantity: f64,
    pub score_window: f64,
    pub score_carbon: f64,
    pub co2e_avoided_kg: Option<f64>,
    pub holder_interest: Interest,
    pub taker_interest: Interest,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Which of its two posts a query is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostSide {
    Listing,
    Wanted,
}

/// Filters of a list of matches, all optional but the organisation.
#[derive(Debug, Clone)]
pub struct MatchFilter {
    pub organisation_id: OrganisationId,
    pub status: Option<MatchStatus>,
    pub listing_id: Option<ListingId>,
    pub wanted_request_id: Option<WantedId>,
    pub min_score: Option<f64>,
    /// Keyset: the (score, id) of the last match of the previous page.
    pub after: Option<(f64, MatchId)>,
    pub limit: i64,
}

impl Match {
    /// Inserts the match unless the pair already has one; true when inserted. Two
    /// matching runs finding the same pair at once end with one match.
    pub fn insert_if_new(&self, conn: &mut DbConnection) -> QueryResult<bool> {
        let query = diesel::insert_into(matches::table)
            .values(self)
            .on_conflict((matches::listing_id, matches::wanted_request_id))
            .do_nothing();
        let inserted = super::execute_native(conn, query)?;
        Ok(inserted == 1)
    }

    /// Stores a new score, status and closing reason, if the match is still in the status
    /// and score `seen` when it was read; false otherwise (another run changed it first).
    /// Interests are left alone: they belong to the people on each side.
    pub fn update_if_unchanged(
        &self,
        conn: &mut DbConnection,
        seen: (MatchStatus, f64),
    ) -> QueryResult<bool> {
        let updated = diesel::update(matches::table.find(&self.id))
            .filter(matches::status.eq(seen.0))
            .filter(matches::score.eq(seen.1))
            .set((
                matches::status.eq(&self.status),
                matches::closed_reason.eq(&self.closed_reason),
                matches::distance_km.eq(self.distance_km),
                matches::score.eq(self.score),
                matches::score_distance.eq(self.score_distance),
                matches::score_class.eq(self.score_class),
                matches::score_quantity.eq(self.score_quantity),
                matches::score_window.eq(self.score_window),
                matches::score_carbon.eq(self.score_carbon),
                matches::co2e_avoided_kg.eq(self.co2e_avoided_kg),
                matches::updated_at.eq(self.updated_at),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Sets one side's interest on an open match; false when it is closed. With
    /// `unless_declined`, also false when either side has declined.
    pub fn set_interest(
        conn: &mut DbConnection,
        id: &MatchId,
        holder: bool,
        interest: Interest,
        unless_declined: bool,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let mut query = diesel::update(matches::table.find(id))
            .filter(matches::status.eq(MatchStatus::Open))
            .into_boxed();
        if unless_declined {
            query = query
                .filter(matches::holder_interest.ne(Interest::Declined))
                .filter(matches::taker_interest.ne(Interest::Declined));
        }
        let updated = if holder {
            query
                .set((
                    matches::holder_interest.eq(interest),
                    matches::updated_at.eq(at),
                ))
                .execute(conn)?
        } else {
            query
                .set((
                    matches::taker_interest.eq(interest),
                    matches::updated_at.eq(at),
                ))
                .execute(conn)?
        };
        Ok(updated == 1)
    }

    pub fn find(conn: &mut DbConnection, id: &MatchId) -> QueryResult<Option<Match>> {
        matches::table.find(id).first(conn).optional()
    }

    /// Every match of a post, open or closed.
    pub fn of_post(
        conn: &mut DbConnection,
        side: PostSide,
        post_id: &str,
    ) -> QueryResult<Vec<Match>> {
        match side {
            // In id order: runs that update several matches lock them in the same order.
            PostSide::Listing => matches::table
                .filter(matches::listing_id.eq(post_id))
                .order(matches::id.asc())
                .load(conn),
            PostSide::Wanted => matches::table
                .filter(matches::wanted_request_id.eq(post_id))
                .order(matches::id.asc())
                .load(conn),
        }
    }

    /// How many open matches a post has.
    pub fn count_open_of_post(
        conn: &mut DbConnection,
        side: PostSide,
        post_id: &str,
    ) -> QueryResult<i64> {
        let open = matches::table.filter(matches::status.eq(MatchStatus::Open));
        match side {
            PostSide::Listing => open
                .filter(matches::listing_id.eq(post_id))
                .count()
                .get_result(conn),
            PostSide::Wanted => open
                .filter(matches::wanted_request_id.eq(post_id))
                .count()
                .get_result(conn),
        }
    }

    /// The organisation's matches, from either side, best score first.
    pub fn list(conn: &mut DbConnection, filter: &MatchFilter) -> QueryResult<Vec<Match>> {
        let org = filter.organisation_id.as_str();
        let mut query = matches::table
            .filter(
                matches::holder_organisation_id
                    .eq(org)
                    .or(matches::taker_organisation_id.eq(org)),
            )
            .into_boxed();
        if let Some(status) = &filter.status {
            query = query.filter(matches::status.eq(*status));
        }
        if let Some(listing) = &filter.listing_id {
            query = query.filter(matches::listing_id.eq(listing.clone()));
        }
        if let Some(wanted) = &filter.wanted_request_id {
            query = query.filter(matches::wanted_request_id.eq(wanted.clone()));
        }
        if let Some(min) = filter.min_score {
            query = query.filter(matches::score.ge(min));
        }
        if let Some((score, id)) = &filter.after {
            query = query.filter(
                matches::score
                    .lt(*score)
                    .or(matches::score.eq(*score).and(matches::id.gt(id.clone()))),
            );
        }
        query
            .order((matches::score.desc(), matches::id.asc()))
            .limit(filter.limit)
            .load(conn)
    }

    /// Open matches whose listing or wanted request is in `status` (the expiry job).
    pub fn open_with_post_status(
        conn: &mut DbConnection,
        status: PostStatus,
    ) -> QueryResult<Vec<Match>> {
        use super::schema::{listings, wanted_requests};
        let listings_in = listings::table
            .filter(listings::status.eq(status))
            .select(listings::id);
        let wanted_in = wanted_requests::table
            .filter(wanted_requests::status.eq(status))
            .select(wanted_requests::id);
        matches::table
            .filter(matches::status.eq(MatchStatus::Open))
            .filter(
                matches::listing_id
                    .eq_any(listings_in)
                    .or(matches::wanted_request_id.eq_any(wanted_in)),
            )
            .load(conn)
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = match_events)]
pub struct MatchEvent {
    pub id: String,
    pub match_id: MatchId,
    pub reservation_id: Option<ReservationId>,
    pub kind: HistoryKind,
    /// None when Terril itself did it (matching, expiry).
    pub actor_organisation_id: Option<OrganisationId>,
    pub actor_user_id: Option<UserId>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

impl MatchEvent {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(match_events::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn of_match(conn: &mut DbConnection, match_id: &MatchId) -> QueryResult<Vec<MatchEvent>> {
        match_events::table
            .filter(match_events::match_id.eq(match_id))
            .order(match_events::id.asc())
            .load(conn)
    }
}
