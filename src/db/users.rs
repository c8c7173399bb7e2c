//! Every query on `users`.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::users;
use super::DbConnection;
use crate::domain::{Language, OrganisationId, Role, UserId};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub organisation_id: OrganisationId,
    /// Normalised (trimmed, lower-case); unique.
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub language: Language,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl User {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(users::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find(conn: &mut DbConnection, id: &UserId) -> QueryResult<User> {
        users::table.find(id).first(conn)
    }

    /// Who hears about a post: its author, or for posts made with an API key (no author)
    /// the organisation's owners.
    pub fn contacts_for_post(
        conn: &mut DbConnection,
        author: Option<&UserId>,
        organisation_id: &OrganisationId,
    ) -> QueryResult<Vec<User>> {
        if let Some(author) = author {
            if let Some(user) = users::table.find(author).first(conn).optional()? {
                return Ok(vec![user]);
            }
        }
        users::table
            .filter(users::organisation_id.eq(organisation_id))
            .filter(users::role.eq(Role::Owner))
            .load(conn)
    }

    /// The organisation's owners and admins (who manage its webhooks and keys).
    pub fn managers_of(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
    ) -> QueryResult<Vec<User>> {
        users::table
            .filter(users::organisation_id.eq(organisation_id))
            .filter(users::role.eq_any([Role::Owner, Role::Admin]))
            .order(users::created_at.asc())
            .load(conn)
    }

    /// The names of these users, by id (a removed user is missing).
    pub fn names_of(
        conn: &mut DbConnection,
        ids: &[UserId],
    ) -> QueryResult<std::collections::HashMap<UserId, String>> {
        let rows: Vec<(UserId, String)> = users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::name))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(email))
            .first(conn)
            .optional()
    }

    /// One page of an organisation's members, in id (creation) order after `after`.
    pub fn page_of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        after: Option<&str>,
        limit: i64,
    ) -> QueryResult<Vec<User>> {
        let mut query = users::table
            .filter(users::organisation_id.eq(organisation_id))
            .order(users::id.asc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(users::id.gt(after.to_owned()));
        }
        query.load(conn)
    }

    pub fn mark_verified(
        conn: &mut DbConnection,
        id: &UserId,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .filter(users::email_verified_at.is_null())
            .set(users::email_verified_at.eq(at))
            .execute(conn)
            .map(drop)
    }

    pub fn set_password_hash(conn: &mut DbConnection, id: &UserId, hash: &str) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::password_hash.eq(hash))
            .execute(conn)
            .map(drop)
    }
}
