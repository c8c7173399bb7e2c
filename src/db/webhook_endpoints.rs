//! Every query on `webhook_endpoints`.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::webhook_endpoints;
use super::DbConnection;
use crate::domain::{OrganisationId, WebhookEndpointId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhook_endpoints, treat_none_as_null = true)]
pub struct WebhookEndpoint {
    pub id: WebhookEndpointId,
    pub organisation_id: OrganisationId,
    pub url: String,
    pub description: String,
    /// Comma-separated event types, such as `listing.published,match.created`; `*` for all.
    pub event_types: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
    pub enabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl WebhookEndpoint {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(webhook_endpoints::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn save(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::update(webhook_endpoints::table.find(&self.id))
            .set(self)
            .execute(conn)
            .map(drop)
    }

    /// The organisation's endpoint `id`, locked for a change on PostgreSQL.
    pub fn find_of(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        id: &WebhookEndpointId,
    ) -> QueryResult<Option<WebhookEndpoint>> {
        webhook_endpoints::table
            .filter(webhook_endpoints::id.eq(id))
            .filter(webhook_endpoints::organisation_id.eq(organisation_id))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    pub fn of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
    ) -> QueryResult<Vec<WebhookEndpoint>> {
        webhook_endpoints::table
            .filter(webhook_endpoints::organisation_id.eq(organisation_id))
            .order(webhook_endpoints::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    pub fn count_of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
    ) -> QueryResult<i64> {
        webhook_endpoints::table
            .filter(webhook_endpoints::organisation_id.eq(organisation_id))
            .count()
            .get_result(conn)
    }

    /// Deletes the organisation's endpoint `id`; false when there is none.
    pub fn delete_of(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        id: &WebhookEndpointId,
    ) -> QueryResult<bool> {
        let deleted = diesel::delete(
            webhook_endpoints::table
                .filter(webhook_endpoints::id.eq(id))
                .filter(webhook_endpoints::organisation_id.eq(organisation_id)),
        )
        .execute(conn)?;
        Ok(deleted == 1)
    }
}
