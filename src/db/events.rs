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
//! The horizon is read in two steps, in this order: first the next transaction id (every
//! transaction that has an id already is below it; any that gets one later is at or above
//! it), then the lowest `backend_xid` of this database's sessions in `pg_stat_activity`.
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
    EventKind, ListingId, MatchId, OrganisationId, ReservationId, UserId, WantedId,
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
    // `backend_xid` is a 32-bit id; the full id is in the epoch of `next` or the one before.
    let oldest = diesel::sql_query(
        "SELECT min(backend_xid::text::bigint) AS n FROM pg_stat_activity \
         WHERE datname = current_database() AND backend_xid IS NOT NULL",
    )
    .get_result::<Oldest>(pg)?
    .n;
    Ok(Some(match oldest {
        Some(short) => {
            let mut full = (next & !0xFFFF_FFFF) | short;
            if full > next {
                full -= 1 << 32;
            }
            full.min(next)
        }
        None => next,
    }))
}

/// The first transaction id not yet given out (PostgreSQL): every transaction that has
/// an id by now is below it. None on SQLite.
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
