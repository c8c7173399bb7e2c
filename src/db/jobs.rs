//! Every query on `jobs`: the one queue of background work. A job is written in the
//! transaction that makes it needed (an email queued, a post changed), claimed by a runner
//! with a lease (`locked_until`) that counts the attempt, in one statement; on PostgreSQL
//! the candidates are locked with `FOR UPDATE SKIP LOCKED`, so two runners never claim the
//! same job. A runner that dies leaves its lease to run out, and the job is claimed again:
//! work is delayed, never lost. After its last attempt a job is `dead` until an operator
//! puts it back (`terril jobs retry`).
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::schema::jobs;
use super::{execute_native, new_id, DbConnection};
use crate::domain::{JobKind, JobStatus};

#[derive(Debug, Clone, Queryable, Insertable, QueryableByName)]
#[diesel(table_name = jobs)]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub subject_id: Option<String>,
    /// Higher runs first among due jobs.
    pub priority: i32,
    pub status: JobStatus,
    /// Claims so far (a claim counts an attempt); periodic jobs restart at 0 after a run.
    pub attempts: i32,
    pub due_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    /// The kind again for a periodic job (one row each), None otherwise.
    pub singleton: Option<String>,
    /// Completed runs of a periodic job.
    pub runs: i32,
    pub created_at: NaiveDateTime,
}

/// The kinds a runner handles, as the SQL list `'a', 'b'`, from the enum's own texts
/// (no client text reaches it).
fn kind_list(kinds: &[JobKind]) -> String {
    kinds
        .iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Job {
    /// Queues a job about `subject_id`, due at `due_at`.
    pub fn enqueue(
        conn: &mut DbConnection,
        kind: JobKind,
        subject_id: &str,
        priority: i32,
        due_at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(jobs::table)
            .values(Job {
                id: new_id(),
                kind,
                subject_id: Some(subject_id.into()),
                priority,
                status: JobStatus::Queued,
                attempts: 0,
                due_at,
                locked_until: None,
                last_error: None,
                singleton: None,
                runs: 0,
                created_at: due_at,
            })
            .execute(conn)
            .map(drop)
    }

    /// Makes sure the periodic job `kind` has its row (every instance calls this at start;
    /// the first one creates it).
    pub fn ensure_periodic(
        conn: &mut DbConnection,
        kind: JobKind,
        due_at: NaiveDateTime,
    ) -> QueryResult<()> {
        let row = Job {
            id: new_id(),
            kind,
            subject_id: None,
            priority: 0,
            status: JobStatus::Queued,
            attempts: 0,
            due_at,
            locked_until: None,
            last_error: None,
            singleton: Some(kind.as_str().into()),
            runs: 0,
            created_at: due_at,
        };
        let query = diesel::insert_into(jobs::table)
            .values(row)
            .on_conflict(jobs::singleton)
            .do_nothing();
        execute_native(conn, query).map(drop)
    }

    /// Whether a job of `kinds` is due and not leased: a read, so that an idle runner
    /// never takes SQLite's write lock or opens a write transaction.
    pub fn any_due(
        conn: &mut DbConnection,
        kinds: &[JobKind],
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            jobs::table
                .filter(jobs::status.eq(JobStatus::Queued))
                .filter(jobs::kind.eq_any(kinds))
                .filter(jobs::due_at.le(now))
                .filter(jobs::locked_until.is_null().or(jobs::locked_until.le(now))),
        ))
        .get_result(conn)
    }

    /// Claims up to `limit` due jobs of `kinds` until `lease_until`, most urgent first.
    pub fn claim_due(
        conn: &mut DbConnection,
        kinds: &[JobKind],
        now: NaiveDateTime,
        lease_until: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<Job>> {
        let kinds = kind_list(kinds);
        match conn {
            DbConnection::Pg(pg) => diesel::sql_query(format!(
                "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 \
                 WHERE id IN (SELECT id FROM jobs WHERE status = $4 AND kind IN ({kinds}) \
                 AND due_at <= $2 AND (locked_until IS NULL OR locked_until <= $2) \
                 ORDER BY priority DESC, due_at LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING *"
            ))
            .bind::<Timestamp, _>(lease_until)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .bind::<Text, _>(JobStatus::Queued)
            .load(pg),
            // SQLite has one writer at a time, so the statement alone is atomic.
            DbConnection::Sqlite(lite) => diesel::sql_query(format!(
                "UPDATE jobs SET locked_until = ?, attempts = attempts + 1 \
                 WHERE id IN (SELECT id FROM jobs WHERE status = ? AND kind IN ({kinds}) \
                 AND due_at <= ? AND (locked_until IS NULL OR locked_until <= ?) \
                 ORDER BY priority DESC, due_at LIMIT ?) RETURNING *"
            ))
            .bind::<Timestamp, _>(lease_until)
            .bind::<Text, _>(JobStatus::Queued)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(lite),
        }
    }

    /// Done: a one-off job is removed in the transaction that stored its outcome.
    pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
        diesel::delete(jobs::table.find(id)).execute(conn).map(drop)
    }

    /// A periodic job ran: it is due again at `next`, its attempts start again.
    pub fn ran(conn: &mut DbConnection, id: &str, next: NaiveDateTime) -> QueryResult<()> {
        diesel::update(jobs::table.find(id))
            .set((
                jobs::due_at.eq(next),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::attempts.eq(0),
                jobs::last_error.eq(None::<String>),
                jobs::runs.eq(jobs::runs + 1),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Records a failed attempt: due again at `retry_at`, or dead when None.
    pub fn failed(
        conn: &mut DbConnection,
        id: &str,
        error: &str,
        now: NaiveDateTime,
        retry_at: Option<NaiveDateTime>,
    ) -> QueryResult<()> {
        let status = if retry_at.is_some() {
            JobStatus::Queued
        } else {
            JobStatus::Dead
        };
        diesel::update(jobs::table.find(id))
            .set((
                jobs::status.eq(status),
                jobs::last_error.eq(error),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::due_at.eq(retry_at.unwrap_or(now)),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Not run this time (what it needs is not ready yet): due again at `until`, and the
    /// claim does not count as an attempt.
    pub fn postpone(conn: &mut DbConnection, id: &str, until: NaiveDateTime) -> QueryResult<()> {
        diesel::update(jobs::table.find(id))
            .set((
                jobs::due_at.eq(until),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::attempts.eq(jobs::attempts - 1),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Puts a dead job back in the queue, due now, with its attempts reset; false when
    /// there is no dead job with this id or subject.
    pub fn retry_dead(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
        let updated = diesel::update(jobs::table)
            .filter(jobs::id.eq(id).or(jobs::subject_id.eq(id)))
            .filter(jobs::status.eq(JobStatus::Dead))
            .set((
                jobs::status.eq(JobStatus::Queued),
                jobs::attempts.eq(0),
                jobs::due_at.eq(now),
            ))
            .execute(conn)?;
        Ok(updated > 0)
    }

    /// Whether a job of `kind` about `subject_id` still waits to run (a dead one does not).
    pub fn is_queued(
        conn: &mut DbConnection,
        kind: JobKind,
        subject_id: &str,
    ) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            jobs::table
                .filter(jobs::kind.eq(kind))
                .filter(jobs::subject_id.eq(subject_id))
                .filter(jobs::status.eq(JobStatus::Queued)),
        ))
        .get_result(conn)
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Job>> {
        jobs::table.find(id).first(conn).optional()
    }

    /// The periodic job `kind`.
    pub fn periodic(conn: &mut DbConnection, kind: JobKind) -> QueryResult<Option<Job>> {
        jobs::table
            .filter(jobs::singleton.eq(kind.as_str()))
            .first(conn)
            .optional()
    }

    /// (kind, status, count) of every job, for operators.
    pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, i64)>> {
        jobs::table
            .group_by((jobs::kind, jobs::status))
            .select((jobs::kind, jobs::status, diesel::dsl::count_star()))
            .order((jobs::kind, jobs::status))
            .load(conn)
    }

    /// When the oldest job of each kind that is due and still waiting fell due: how far
    /// behind the runners are.
    pub fn oldest_due(
        conn: &mut DbConnection,
        now: NaiveDateTime,
    ) -> QueryResult<Vec<(String, Option<NaiveDateTime>)>> {
        jobs::table
            .filter(jobs::status.eq(JobStatus::Queued))
            .filter(jobs::due_at.le(now))
            .group_by(jobs::kind)
            .select((jobs::kind, diesel::dsl::min(jobs::due_at)))
            .load(conn)
    }

    /// The latest dead jobs, newest first.
    pub fn dead(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Job>> {
        jobs::table
            .filter(jobs::status.eq(JobStatus::Dead))
            .order(jobs::due_at.desc())
            .limit(limit)
            .load(conn)
    }
}
