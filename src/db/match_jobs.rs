//! Every query on `match_jobs`: posts waiting to be matched, written in the transaction
//! that publishes or changes them and claimed by matchers with a lease, like the outbox.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};

use super::schema::match_jobs;
use super::{new_id, DbConnection};

pub const LISTING: &str = "listing";
pub const WANTED: &str = "wanted";

#[derive(Debug, Clone, Queryable, Insertable, QueryableByName)]
#[diesel(table_name = match_jobs)]
pub struct MatchJob {
    pub id: String,
    /// `listing` or `wanted`.
    pub post_kind: String,
    pub post_id: String,
    pub due_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

const CLAIM_POSTGRES: &str = "UPDATE match_jobs SET locked_until = $1, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM match_jobs WHERE due_at <= $2 \
     AND (locked_until IS NULL OR locked_until <= $2) ORDER BY due_at LIMIT $3 \
     FOR UPDATE SKIP LOCKED) RETURNING *";

const CLAIM_SQLITE: &str = "UPDATE match_jobs SET locked_until = ?, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM match_jobs WHERE due_at <= ? \
     AND (locked_until IS NULL OR locked_until <= ?) ORDER BY due_at LIMIT ?) RETURNING *";

impl MatchJob {
    /// Queues the post for matching at `due_at`.
    pub fn enqueue(
        conn: &mut DbConnection,
        post_kind: &str,
        post_id: &str,
        due_at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(match_jobs::table)
            .values(MatchJob {
                id: new_id(),
                post_kind: post_kind.into(),
                post_id: post_id.into(),
                due_at,
                locked_until: None,
                attempts: 0,
                created_at: due_at,
            })
            .execute(conn)
            .map(drop)
    }

    /// Whether a job is due and not leased: a read, so that an idle matcher polling every
    /// 250 ms never takes SQLite's write lock or opens a write transaction.
    pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            match_jobs::table.filter(match_jobs::due_at.le(now)).filter(
                match_jobs::locked_until
                    .is_null()
                    .or(match_jobs::locked_until.le(now)),
            ),
        ))
        .get_result(conn)
    }

    /// Claims up to `limit` due jobs until `lease_until`.
    pub fn claim_due(
        conn: &mut DbConnection,
        now: NaiveDateTime,
        lease_until: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<MatchJob>> {
        match conn {
            DbConnection::Pg(pg) => diesel::sql_query(CLAIM_POSTGRES)
                .bind::<Timestamp, _>(lease_until)
                .bind::<Timestamp, _>(now)
                .bind::<BigInt, _>(limit)
                .load(pg),
            DbConnection::Sqlite(lite) => diesel::sql_query(CLAIM_SQLITE)
                .bind::<Timestamp, _>(lease_until)
                .bind::<Timestamp, _>(now)
                .bind::<Timestamp, _>(now)
                .bind::<BigInt, _>(limit)
                .load(lite),
        }
    }

    /// Done: removed in the transaction that stored its outcome.
    pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
        diesel::delete(match_jobs::table.find(id))
            .execute(conn)
            .map(drop)
    }

    /// A failed run is retried later, not lost.
    pub fn postpone(conn: &mut DbConnection, id: &str, until: NaiveDateTime) -> QueryResult<()> {
        diesel::update(match_jobs::table.find(id))
            .set((
                match_jobs::due_at.eq(until),
                match_jobs::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)
            .map(drop)
    }
}
