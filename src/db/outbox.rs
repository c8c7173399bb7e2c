//! Every query on `outbox_emails`: emails written in the same transaction as the change that
//! causes them, with the job that delivers them (`db::jobs`); this table keeps each email
//! and what became of it (pending, sent, or failed after its last attempt).
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::outbox_emails;
use super::DbConnection;
use crate::domain::EmailStatus;

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
    pub status: EmailStatus,
    /// Delivery attempts so far.
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// The one-click unsubscribe URL (RFC 8058), for emails that have one.
    pub list_unsubscribe: Option<String>,
}

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

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<OutboxEmail>> {
        outbox_emails::table.find(id).first(conn).optional()
    }

    pub fn mark_sent(
        conn: &mut DbConnection,
        id: &str,
        attempts: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(outbox_emails::table.find(id))
            .set((
                outbox_emails::status.eq(EmailStatus::Sent),
                outbox_emails::attempts.eq(attempts),
                outbox_emails::sent_at.eq(now),
                outbox_emails::last_error.eq(None::<String>),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Records a failed attempt; `final_attempt`: the email is given up (failed).
    pub fn mark_attempt_failed(
        conn: &mut DbConnection,
        id: &str,
        attempts: i32,
        error: &str,
        final_attempt: bool,
    ) -> QueryResult<()> {
        let status = if final_attempt {
            EmailStatus::Failed
        } else {
            EmailStatus::Pending
        };
        diesel::update(outbox_emails::table.find(id))
            .set((
                outbox_emails::status.eq(status),
                outbox_emails::attempts.eq(attempts),
                outbox_emails::last_error.eq(error),
            ))
            .execute(conn)
            .map(drop)
    }

    pub fn count_by_status(conn: &mut DbConnection, status: EmailStatus) -> QueryResult<i64> {
        outbox_emails::table
            .filter(outbox_emails::status.eq(status))
            .count()
            .get_result(conn)
    }

    pub fn list_by_status(
        conn: &mut DbConnection,
        status: EmailStatus,
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

    /// Puts a failed email back in the queue (its job too), with its attempts reset; both
    /// or neither, in one transaction.
    pub fn retry_failed(
        conn: &mut DbConnection,
        id: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let updated = diesel::update(outbox_emails::table.find(id))
                .filter(outbox_emails::status.eq(EmailStatus::Failed))
                .set((
                    outbox_emails::status.eq(EmailStatus::Pending),
                    outbox_emails::attempts.eq(0),
                ))
                .execute(conn)?;
            if updated == 1 && super::jobs::Job::retry_dead(conn, id, now)? {
                Ok(true)
            } else {
                // Not failed, or no dead job to send it: leave the email as it was.
                Err(diesel::result::Error::RollbackTransaction)
            }
        })
        .or_else(|e| match e {
            diesel::result::Error::RollbackTransaction => Ok(false),
            other => Err(other),
        })
    }
}
