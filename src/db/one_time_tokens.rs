//! Every query on `one_time_tokens`: single-use, expiring secrets sent by email
//! (email verification, password reset, invitations). Only their hash is stored.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::one_time_tokens;
use super::DbConnection;
use crate::domain::{OrganisationId, Role, UserId};

pub const VERIFY_EMAIL: &str = "verify_email";
pub const PASSWORD_RESET: &str = "password_reset";
pub const INVITATION: &str = "invitation";

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = one_time_tokens)]
pub struct OneTimeToken {
    pub id: String,
    pub purpose: String,
    pub token_hash: String,
    pub user_id: Option<UserId>,
    pub organisation_id: Option<OrganisationId>,
    pub email: Option<String>,
    pub role: Option<Role>,
    pub invited_by: Option<UserId>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl OneTimeToken {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(one_time_tokens::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// The organisation's invitations not yet used nor expired at `at`.
    pub fn open_invitations(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        at: NaiveDateTime,
    ) -> QueryResult<i64> {
        one_time_tokens::table
            .filter(one_time_tokens::purpose.eq(INVITATION))
            .filter(one_time_tokens::organisation_id.eq(organisation_id))
            .filter(one_time_tokens::used_at.is_null())
            .filter(one_time_tokens::expires_at.gt(at))
            .count()
            .get_result(conn)
    }

    /// The organisation's invitation of `email` made since `since`, still unused and
    /// unexpired at `at`, if any.
    pub fn recent_invitation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        email: &str,
        since: NaiveDateTime,
        at: NaiveDateTime,
    ) -> QueryResult<Option<OneTimeToken>> {
        one_time_tokens::table
            .filter(one_time_tokens::purpose.eq(INVITATION))
            .filter(one_time_tokens::organisation_id.eq(organisation_id))
            .filter(one_time_tokens::email.eq(email))
            .filter(one_time_tokens::created_at.ge(since))
            .filter(one_time_tokens::used_at.is_null())
            .filter(one_time_tokens::expires_at.gt(at))
            .order(one_time_tokens::created_at.desc())
            .first(conn)
            .optional()
    }

    /// A page of the organisation's invitations still open at `at`, by id.
    pub fn page_of_open_invitations(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        at: NaiveDateTime,
        after: Option<&str>,
        limit: i64,
    ) -> QueryResult<Vec<OneTimeToken>> {
        let mut query = one_time_tokens::table
            .filter(one_time_tokens::purpose.eq(INVITATION))
            .filter(one_time_tokens::organisation_id.eq(organisation_id))
            .filter(one_time_tokens::used_at.is_null())
            .filter(one_time_tokens::expires_at.gt(at))
            .order(one_time_tokens::id.asc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(one_time_tokens::id.gt(after.to_owned()));
        }
        query.load(conn)
    }

    /// Withdraws the organisation's invitation `id`: its link stops working. False when
    /// the organisation has no such invitation; true again for one already used or expired.
    pub fn withdraw_invitation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        id: &str,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let of_organisation = one_time_tokens::table
            .filter(one_time_tokens::id.eq(id))
            .filter(one_time_tokens::purpose.eq(INVITATION))
            .filter(one_time_tokens::organisation_id.eq(organisation_id));
        let found: i64 = of_organisation.count().get_result(conn)?;
        diesel::update(of_organisation.filter(one_time_tokens::used_at.is_null()))
            .set(one_time_tokens::used_at.eq(at))
            .execute(conn)?;
        Ok(found > 0)
    }

    /// Marks the token used and returns it, if it exists for this purpose, is unused and
    /// unexpired. The conditional update makes two concurrent uses end with one winner.
    pub fn consume(
        conn: &mut DbConnection,
        purpose: &str,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<OneTimeToken>> {
        let claimed = diesel::update(one_time_tokens::table)
            .filter(one_time_tokens::token_hash.eq(token_hash))
            .filter(one_time_tokens::purpose.eq(purpose))
            .filter(one_time_tokens::used_at.is_null())
            .filter(one_time_tokens::expires_at.gt(now))
            .set(one_time_tokens::used_at.eq(now))
            .execute(conn)?;
        if claimed == 0 {
            return Ok(None);
        }
        one_time_tokens::table
            .filter(one_time_tokens::token_hash.eq(token_hash))
            .first(conn)
            .optional()
    }

    /// Retires a user's earlier unused tokens of one purpose (a new reset link voids old ones).
    pub fn retire_for_user(
        conn: &mut DbConnection,
        purpose: &str,
        user_id: &UserId,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(one_time_tokens::table)
            .filter(one_time_tokens::purpose.eq(purpose))
            .filter(one_time_tokens::user_id.eq(user_id))
            .filter(one_time_tokens::used_at.is_null())
            .set(one_time_tokens::used_at.eq(now))
            .execute(conn)
            .map(drop)
    }
}
