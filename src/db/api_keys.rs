//! Every query on `api_keys`. The key itself is shown once; only its SHA-256 is stored.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::api_keys;
use super::DbConnection;
use crate::domain::{ApiKeyId, OrganisationId, UserId};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub organisation_id: OrganisationId,
    pub created_by: Option<UserId>,
    pub name: String,
    /// The visible start of the key, to tell keys apart in lists and logs.
    pub prefix: String,
    pub key_hash: String,
    /// Comma-separated scopes (`read,write`).
    pub scopes: String,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl ApiKey {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(api_keys::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// The active key with this hash.
    pub fn find_active_by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<ApiKey>> {
        api_keys::table
            .filter(api_keys::key_hash.eq(hash))
            .filter(api_keys::revoked_at.is_null())
            .first(conn)
            .optional()
    }

    pub fn page_of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        after: Option<&str>,
        limit: i64,
    ) -> QueryResult<Vec<ApiKey>> {
        let mut query = api_keys::table
            .filter(api_keys::organisation_id.eq(organisation_id))
            .order(api_keys::id.asc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(api_keys::id.gt(after.to_owned()));
        }
        query.load(conn)
    }

    /// Revokes the key if it belongs to the organisation; false when there is no such key.
    /// The organisation's keys not revoked.
    pub fn count_active(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
    ) -> QueryResult<i64> {
        api_keys::table
            .filter(api_keys::organisation_id.eq(organisation_id))
            .filter(api_keys::revoked_at.is_null())
            .count()
            .get_result(conn)
    }

    pub fn revoke(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        id: &ApiKeyId,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let found = api_keys::table
            .filter(api_keys::id.eq(id))
            .filter(api_keys::organisation_id.eq(organisation_id))
            .count()
            .get_result::<i64>(conn)?;
        diesel::update(api_keys::table.find(id))
            .filter(api_keys::organisation_id.eq(organisation_id))
            .filter(api_keys::revoked_at.is_null())
            .set(api_keys::revoked_at.eq(now))
            .execute(conn)?;
        Ok(found == 1)
    }

    pub fn touch(conn: &mut DbConnection, id: &ApiKeyId, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(api_keys::table.find(id))
            .set(api_keys::last_used_at.eq(now))
            .execute(conn)
            .map(drop)
    }

    pub fn scope_list(&self) -> Vec<String> {
        self.scopes
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }
}
