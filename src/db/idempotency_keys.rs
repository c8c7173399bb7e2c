//! Every query on `idempotency_keys`: a POST's first answer, kept for its retries.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::idempotency_keys;
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyKey {
    pub caller: String,
    pub key: String,
    pub request_hash: String,
    /// None while the first request runs.
    pub status: Option<i32>,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// What a claim of a key found.
pub enum Claim {
    /// The key is this request's: run it, then [`IdempotencyKey::finish`] or
    /// [`IdempotencyKey::release`].
    Taken,
    /// The key was used before (or is being used now).
    Held(IdempotencyKey),
}

impl IdempotencyKey {
    /// Takes the key for a new request unless a live row holds it. A row created before
    /// `expired_before` is gone already, and one still running since before
    /// `abandoned_before` was left by a process that died: both are replaced.
    pub fn claim(
        conn: &mut DbConnection,
        fresh: &IdempotencyKey,
        expired_before: NaiveDateTime,
        abandoned_before: NaiveDateTime,
    ) -> QueryResult<Claim> {
        let this = idempotency_keys::table
            .filter(idempotency_keys::caller.eq(&fresh.caller))
            .filter(idempotency_keys::key.eq(&fresh.key));
        let dead = idempotency_keys::created_at
            .lt(expired_before)
            .or(idempotency_keys::status
                .is_null()
                .and(idempotency_keys::created_at.lt(abandoned_before)));
        diesel::delete(this.filter(dead)).execute(conn)?;
        let query = diesel::insert_into(idempotency_keys::table)
            .values(fresh)
            .on_conflict((idempotency_keys::caller, idempotency_keys::key))
            .do_nothing();
        if super::execute_native(conn, query)? == 1 {
            return Ok(Claim::Taken);
        }
        Ok(Claim::Held(this.select(Self::as_select()).first(conn)?))
    }

    /// Keeps the answer of the request that took the key.
    pub fn finish(
        conn: &mut DbConnection,
        caller: &str,
        key: &str,
        answer: (i32, Option<String>, Option<String>, String),
    ) -> QueryResult<()> {
        let (status, content_type, location, body) = answer;
        diesel::update(idempotency_keys::table.find((caller, key)))
            .set((
                idempotency_keys::status.eq(status),
                idempotency_keys::content_type.eq(content_type),
                idempotency_keys::location.eq(location),
                idempotency_keys::body.eq(body),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Gives the key back: the request did nothing a retry should not do again.
    pub fn release(conn: &mut DbConnection, caller: &str, key: &str) -> QueryResult<()> {
        diesel::delete(idempotency_keys::table.find((caller, key))).execute(conn)?;
        Ok(())
    }

    /// Forgets the answers created before `before`; returns how many.
    pub fn purge(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
            .execute(conn)
    }
}
