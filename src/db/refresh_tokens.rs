//! Every query on `refresh_tokens`. Tokens of one login form a family; each use rotates
//! the token, and presenting a used one again revokes the whole family.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::refresh_tokens;
use super::DbConnection;
use crate::domain::UserId;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: String,
    pub user_id: UserId,
    pub family_id: String,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl RefreshToken {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(refresh_tokens::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<RefreshToken>> {
        refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(hash))
            .first(conn)
            .optional()
    }

    /// Marks the token used if nobody used it first; false means it was used already.
    pub fn mark_used(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
        let updated = diesel::update(refresh_tokens::table.find(id))
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null())
            .set(refresh_tokens::used_at.eq(now))
            .execute(conn)?;
        Ok(updated == 1)
    }

    pub fn revoke_family(
        conn: &mut DbConnection,
        family_id: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(refresh_tokens::table)
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null())
            .set(refresh_tokens::revoked_at.eq(now))
            .execute(conn)
            .map(drop)
    }

    pub fn revoke_all_of_user(
        conn: &mut DbConnection,
        user_id: &UserId,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(refresh_tokens::table)
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null())
            .set(refresh_tokens::revoked_at.eq(now))
            .execute(conn)
            .map(drop)
    }
}
