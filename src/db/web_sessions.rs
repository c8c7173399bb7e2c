//! Every query on `web_sessions`: the people signed in to the web pages.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{users, web_sessions};
use super::users::User;
use super::DbConnection;
use crate::domain::UserId;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = web_sessions)]
pub struct WebSession {
    pub id: String,
    pub user_id: UserId,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

impl WebSession {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(web_sessions::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// The session of this token hash and its user, if the session is still open at `at`
    /// (not past its end, and used since `idle_since`).
    pub fn find_open(
        conn: &mut DbConnection,
        hash: &str,
        at: NaiveDateTime,
        idle_since: NaiveDateTime,
    ) -> QueryResult<Option<(WebSession, User)>> {
        web_sessions::table
            .inner_join(users::table)
            .filter(web_sessions::token_hash.eq(hash))
            .filter(web_sessions::expires_at.gt(at))
            .filter(web_sessions::last_seen_at.gt(idle_since))
            .select((web_sessions::all_columns, users::all_columns))
            .first(conn)
            .optional()
    }

    pub fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
        diesel::update(web_sessions::table.find(id))
            .set(web_sessions::last_seen_at.eq(at))
            .execute(conn)
            .map(drop)
    }

    pub fn delete_by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<()> {
        diesel::delete(web_sessions::table.filter(web_sessions::token_hash.eq(hash)))
            .execute(conn)
            .map(drop)
    }

    /// Ends every session of the user (a new password ends them all).
    pub fn delete_all_of_user(conn: &mut DbConnection, user_id: &UserId) -> QueryResult<()> {
        diesel::delete(web_sessions::table.filter(web_sessions::user_id.eq(user_id)))
            .execute(conn)
            .map(drop)
    }

    /// Forgets the user's sessions that ended before `at`.
    pub fn delete_ended_of_user(
        conn: &mut DbConnection,
        user_id: &UserId,
        at: NaiveDateTime,
        idle_since: NaiveDateTime,
    ) -> QueryResult<usize> {
        let ended = web_sessions::expires_at
            .le(at)
            .or(web_sessions::last_seen_at.le(idle_since));
        diesel::delete(
            web_sessions::table
                .filter(web_sessions::user_id.eq(user_id))
                .filter(ended),
        )
        .execute(conn)
    }
}
