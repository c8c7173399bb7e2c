//! Every query on `outbox_emails`: emails written in the same transaction as the change that
//! causes them, then delivered by the worker.
//!
//! A worker claims a batch by setting a lease (`locked_until`) and counting the attempt, in
//! one statement; on PostgreSQL the candidates are locked with `FOR UPDATE SKIP LOCKED` so
//! several workers never claim the same email. A worker that dies leaves its lease to run
//! out, after which the email is claimed again: mail is delayed, never lost.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};

use super::schema::outbox_emails;
use super::DbConnection;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Queryable, Insertable, QueryableByName)]
#[diesel(table_name = outbox_emails)]
pub struct OutboxEmail {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// Stable per email, so a resend after a crash carries the same Message-ID.
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// The one-click unsubscribe URL (RFC 8058), for emails that have one.
    pub list_unsubscribe: Option<String>,
}

const CLAIM_POSTGRES: &str = "UPDATE outbox_emails SET locked_until = $1, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM outbox_emails WHERE status = 'pending' AND next_attempt_at <= $2 \
     AND (locked_until IS NULL OR locked_until <= $2) ORDER BY next_attempt_at LIMIT $3 \
     FOR UPDATE SKIP LOCKED) RETURNING *";

/// SQLite has one writer at a time, so the statement alone is atomic.
const CLAIM_SQLITE: &str = "UPDATE outbox_emails SET locked_until = ?, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM outbox_emails WHERE status = 'pending' AND next_attempt_at <= ? \
     AND (locked_until IS NULL OR locked_until <= ?) ORDER BY next_attempt_at LIMIT ?) RETURNING *";

impl OutboxEmail {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(outbox_emails::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// Queues the email unless one with the same Message-ID is already queued; true when
    /// queued. Emails about an event carry a Message-ID derived from the event and the
    /// recipient, so this is what makes "one event, one email" hold under retries.
    pub fn insert_if_new(&self, conn: &mut DbConnection) -> QueryResult<bool> {
        let query = diesel::insert_into(outbox_emails::table)
            .values(self)
            .on_conflict(outbox_emails::message_id)
            .do_nothing();
        let inserted = super::execute_native(conn, query)?;
        Ok(inserted == 1)
    }

    /// Whether an email is due and not leased: a read, so that an idle worker never takes
    /// SQLite's write lock or opens a write transaction.
    pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            outbox_emails::table
                .filter(outbox_emails::status.eq(PENDING))
                .filter(outbox_emails::next_attempt_at.le(now))
                .filter(
                    outbox_emails::locked_until
                        .is_null()
                        .or(outbox_emails::locked_until.le(now)),
                ),
        ))
        .get_result(conn)
    }

    /// Claims up to `limit` due emails until `lease_until`.
    pub fn claim_due(
        conn: &mut DbConnection,
        now: NaiveDateTime,
        lease_until: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<OutboxEmail>> {
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

    pub fn mark_sent(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(outbox_emails::table.find(id))
            .set((
                outbox_emails::status.eq(SENT),
                outbox_emails::sent_at.eq(now),
                outbox_emails::locked_until.eq(None::<NaiveDateTime>),
                outbox_emails::last_error.eq(None::<String>),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Records a failed attempt: try again at `retry_at`, or give up (failed) when None.
    pub fn mark_attempt_failed(
        conn: &mut DbConnection,
        id: &str,
        error: &str,
        now: NaiveDateTime,
        retry_at: Option<NaiveDateTime>,
    ) -> QueryResult<()> {
        let status = if retry_at.is_some() { PENDING } else { FAILED };
        diesel::update(outbox_emails::table.find(id))
            .set((
                outbox_emails::status.eq(status),
                outbox_emails::last_error.eq(error),
                outbox_emails::locked_until.eq(None::<NaiveDateTime>),
                outbox_emails::next_attempt_at.eq(retry_at.unwrap_or(now)),
            ))
            .execute(conn)
            .map(drop)
    }

    pub fn count_by_status(conn: &mut DbConnection, status: &str) -> QueryResult<i64> {
        outbox_emails::table
            .filter(outbox_emails::status.eq(status))
            .count()
            .get_result(conn)
    }

    pub fn list_by_status(
        conn: &mut DbConnection,
        status: &str,
        limit: i64,
    ) -> QueryResult<Vec<OutboxEmail>> {
        outbox_emails::table
            .filter(outbox_emails::status.eq(status))
            .order(outbox_emails::created_at.desc())
            .limit(limit)
            .load(conn)
    }

    pub fn list_for_recipient(
        conn: &mut DbConnection,
        recipient: &str,
    ) -> QueryResult<Vec<OutboxEmail>> {
        outbox_emails::table
            .filter(outbox_emails::recipient.eq(recipient))
            .order(outbox_emails::id.asc())
            .load(conn)
    }

    /// Puts a failed email back in the queue, due now, with its attempts reset.
    pub fn retry_failed(
        conn: &mut DbConnection,
        id: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let updated = diesel::update(outbox_emails::table.find(id))
            .filter(outbox_emails::status.eq(FAILED))
            .set((
                outbox_emails::status.eq(PENDING),
                outbox_emails::attempts.eq(0),
                outbox_emails::next_attempt_at.eq(now),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }
}
