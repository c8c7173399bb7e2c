//! Every query on `webhook_endpoints`.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::webhook_endpoints;
use super::DbConnection;
use crate::domain::{DisabledReason, OrganisationId, WebhookEndpointId};

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
    /// The first failed attempt since the last success; None while deliveries succeed.
    pub failing_since: Option<NaiveDateTime>,
    pub disabled_reason: Option<DisabledReason>,
    pub disabled_at: Option<NaiveDateTime>,
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

    /// Every endpoint of every organisation: what the fan-out of events reads (at most
    /// `quotas.webhook_endpoints` per organisation).
    pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<WebhookEndpoint>> {
        webhook_endpoints::table
            .order(webhook_endpoints::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    pub fn find(
        conn: &mut DbConnection,
        id: &WebhookEndpointId,
    ) -> QueryResult<Option<WebhookEndpoint>> {
        webhook_endpoints::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// The endpoints of `ids` that exist.
    pub fn find_many(
        conn: &mut DbConnection,
        ids: &[WebhookEndpointId],
    ) -> QueryResult<Vec<WebhookEndpoint>> {
        webhook_endpoints::table
            .filter(webhook_endpoints::id.eq_any(ids))
            .select(Self::as_select())
            .load(conn)
    }

    /// A delivery to `id` succeeded: its failing streak ends.
    pub fn succeeded(conn: &mut DbConnection, id: &WebhookEndpointId) -> QueryResult<()> {
        diesel::update(
            webhook_endpoints::table
                .find(id)
                .filter(webhook_endpoints::failing_since.is_not_null()),
        )
        .set(webhook_endpoints::failing_since.eq(None::<NaiveDateTime>))
        .execute(conn)
        .map(drop)
    }

    /// A delivery to `id` failed at `at`; returns since when the endpoint has been failing.
    pub fn failed(
        conn: &mut DbConnection,
        id: &WebhookEndpointId,
        at: NaiveDateTime,
    ) -> QueryResult<Option<NaiveDateTime>> {
        diesel::update(
            webhook_endpoints::table
                .find(id)
                .filter(webhook_endpoints::failing_since.is_null()),
        )
        .set(webhook_endpoints::failing_since.eq(at))
        .execute(conn)?;
        webhook_endpoints::table
            .find(id)
            .select(webhook_endpoints::failing_since)
            .first(conn)
            .optional()
            .map(Option::flatten)
    }
}
