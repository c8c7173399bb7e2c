//! Every query on `events`: the domain events, appended in the transaction of the change
//! they tell of, and read in order by whoever follows the feed (the other instances'
//! indexes, the matcher, and the webhooks and public change feed to come).
//!
//! **Why a reader never skips an event that commits late.** Positions come from a sequence,
//! and on PostgreSQL they commit out of order: a transaction may take position 10, stay
//! open, and commit after position 11 was read. So each row also stores the id of the
//! transaction that wrote it (`pg_current_xact_id()`), and a reader
//! - orders the feed by (transaction_id, position), and
//! - reads only rows whose transaction_id is below the *horizon*: the oldest transaction
//!   of this database still running, or, when none is, the next id to be given out.
//!
//! The horizon is read in two steps, in this order: first the xmax of a fresh snapshot
//! (the latest completed id plus one: every id below it has ended or is still running, and
//! any id given out later is at or above it), then the oldest `backend_xid` of this
//! database's sessions in `pg_stat_activity` (every running transaction with an id).
//! Every transaction below the horizon has therefore ended, and the rows it wrote are seen
//! by the read that follows; no row can appear below the horizon later. A transaction
//! that is still running is at or above it, and its rows are read once it ends.
//! (The cluster-wide `pg_snapshot_xmin` would be as sound, but a long transaction in
//! another database of the cluster would hold Terril's feed back.) Instances must connect
//! with one role, or one that may read the others' `pg_stat_activity` rows.
//!
//! A long transaction of Terril's holds the feed back while it runs: readers wait, they
//! never skip. SQLite has one writer at a time, so there positions commit in order;
//! transaction_id is 0 and the horizon is unbounded.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::schema::events;
use super::DbConnection;
use crate::domain::{
    EventId, EventKind, ListingId, MatchId, OrganisationId, ReservationId, UserId, WantedId,
};

/// A new event; its position and transaction id are the database's.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = events)]
pub struct NewEvent {
    pub kind: EventKind,
    pub listing_id: Option<ListingId>,
    pub wanted_request_id: Option<WantedId>,
    pub match_id: Option<MatchId>,
    pub reservation_id: Option<ReservationId>,
    pub holder_organisation_id: Option<OrganisationId>,
    pub taker_organisation_id: Option<OrganisationId>,
    pub actor_organisation_id: Option<OrganisationId>,
    pub actor_user_id: Option<UserId>,
    pub occurred_at: NaiveDateTime,
    pub id: EventId,
}

#[derive(Debug, Clone, Queryable)]
#[diesel(table_name = events)]
pub struct Event {
    pub position: i64,
    pub transaction_id: i64,
    pub kind: EventKind,
    pub listing_id: Option<ListingId>,
    pub wanted_request_id: Option<WantedId>,
    pub match_id: Option<MatchId>,
    pub reservation_id: Option<ReservationId>,
    pub holder_organisation_id: Option<OrganisationId>,
    pub taker_organisation_id: Option<OrganisationId>,
    pub actor_organisation_id: Option<OrganisationId>,
    pub actor_user_id: Option<UserId>,
    pub occurred_at: NaiveDateTime,
    /// None for the events written before events had ids.
    pub id: Option<EventId>,
}

/// Where a reader stands in the feed: the (transaction_id, position) of the last event it
/// read; it reads what comes after.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub transaction_id: i64,
    pub position: i64,
}

impl Event {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            transaction_id: self.transaction_id,
            position: self.position,
        }
    }
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl NewEvent {
    pub fn append(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(events::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }
}

/// The horizon (see the module's documentation): below it every transaction has ended.
/// None on SQLite, where every committed event can be read.
pub fn horizon(conn: &mut DbConnection) -> QueryResult<Option<i64>> {
    #[derive(QueryableByName)]
    struct Oldest {
        #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
        n: Option<i64>,
    }
    let Some(next) = next_transaction(conn)? else {
        return Ok(None);
    };
    let DbConnection::Pg(pg) = conn else {
        return Ok(None);
    };
    // `backend_xid` is a 32-bit id. Ids are compared as PostgreSQL does, modulo 2^32:
    // the oldest running one is the least `age()`, and its full id is the one nearest
    // `next`. (It may be at or above `next`: a snapshot's xmax is the latest completed id
    // plus one, and a running transaction, this one included, may have a later id.)
    let oldest = diesel::sql_query(
        "SELECT (array_agg(backend_xid::text::bigint ORDER BY age(backend_xid) DESC))[1] AS n \
         FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL",
    )
    .get_result::<Oldest>(pg)?
    .n;
    Ok(Some(match oldest {
        Some(short) => full_transaction_id(next, short).min(next),
        None => next,
    }))
}

/// The full (epoch-qualified) id of the 32-bit `short`, taken to be the nearest to `next`.
fn full_transaction_id(next: i64, short: i64) -> i64 {
    let distance = (short as u32).wrapping_sub(next as u32) as i32;
    next + i64::from(distance)
}

/// The xmax of a fresh snapshot (PostgreSQL): the latest completed transaction id plus
/// one. Every transaction that has ended by now is below it, and every one that gets an
/// id later is at or above it. None on SQLite.
pub fn next_transaction(conn: &mut DbConnection) -> QueryResult<Option<i64>> {
    match conn {
        DbConnection::Pg(pg) => {
            let query = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS n";
            Ok(Some(diesel::sql_query(query).get_result::<Number>(pg)?.n))
        }
        DbConnection::Sqlite(_) => Ok(None),
    }
}

/// Where a reader that has just loaded the current state starts: every event it has not
/// seen in that state comes after this cursor. Read it *before* loading; events seen
/// twice are harmless to an index that reloads the rows they name.
pub fn head(conn: &mut DbConnection) -> QueryResult<Cursor> {
    match horizon(conn)? {
        Some(oldest_running) => Ok(Cursor {
            transaction_id: oldest_running,
            position: 0,
        }),
        None => {
            let last: Option<i64> = events::table
                .select(diesel::dsl::max(events::position))
                .get_result(conn)?;
            Ok(Cursor {
                transaction_id: 0,
                position: last.unwrap_or(0),
            })
        }
    }
}

/// Up to `limit` events after `cursor` that can no longer be preceded by a late commit,
/// in feed order; and the horizon they were read under.
pub fn after(
    conn: &mut DbConnection,
    cursor: Cursor,
    limit: i64,
) -> QueryResult<(Vec<Event>, Option<i64>)> {
    use diesel::dsl::sql;
    use diesel::sql_types::Bool;
    let horizon = horizon(conn)?;
    let later = sql::<Bool>("(transaction_id, position) > (")
        .bind::<BigInt, _>(cursor.transaction_id)
        .sql(", ")
        .bind::<BigInt, _>(cursor.position)
        .sql(")");
    let mut query = events::table
        .filter(later)
        .order((events::transaction_id.asc(), events::position.asc()))
        .limit(limit)
        .into_boxed();
    if let Some(horizon) = horizon {
        query = query.filter(events::transaction_id.lt(horizon));
    }
    Ok((query.load(conn)?, horizon))
}

#[cfg(test)]
mod tests {
    use super::full_transaction_id;

    #[test]
    fn a_short_transaction_id_is_read_in_the_epoch_nearest_the_next_one() {
        // Below `next`, in its epoch.
        assert_eq!(full_transaction_id(8_385, 8_380), 8_380);
        // A running transaction at or above a snapshot's xmax (this one's own).
        assert_eq!(full_transaction_id(8_384, 8_385), 8_385);
        // Across an epoch boundary, both ways.
        let epoch = 1_i64 << 32;
        assert_eq!(full_transaction_id(epoch + 5, 0xFFFF_FFF0), epoch - 16);
        assert_eq!(full_transaction_id(epoch - 3, 2), epoch + 2);
    }
}
