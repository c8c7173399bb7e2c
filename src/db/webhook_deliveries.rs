//! Every query on `webhook_deliveries` and `webhook_attempts`: what was sent to each
//! endpoint, and how each attempt went.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{webhook_attempts, webhook_deliveries};
use super::DbConnection;
use crate::domain::{
    DeliveryStatus, EventId, WebhookAttemptId, WebhookDeliveryId, WebhookEndpointId,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct WebhookDelivery {
    pub id: WebhookDeliveryId,
    pub endpoint_id: WebhookEndpointId,
    /// None for a test message.
    pub event_id: Option<EventId>,
    pub event_type: String,
    /// The body sent, byte for byte, on every attempt.
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct WebhookAttempt {
    pub id: WebhookAttemptId,
    pub delivery_id: WebhookDeliveryId,
    pub attempted_at: NaiveDateTime,
    /// None when no answer came (refused address, connection error, timeout).
    pub status_code: Option<i32>,
    pub duration_ms: i32,
    pub error: Option<String>,
}

impl WebhookDelivery {
    /// Stores the delivery unless its event was fanned out to its endpoint already;
    /// true when it is new.
    pub fn insert_new(&self, conn: &mut DbConnection) -> QueryResult<bool> {
        let query = diesel::insert_into(webhook_deliveries::table)
            .values(self)
            .on_conflict((
                webhook_deliveries::endpoint_id,
                webhook_deliveries::event_id,
            ))
            .do_nothing();
        Ok(super::execute_native(conn, query)? == 1)
    }

    pub fn find(
        conn: &mut DbConnection,
        id: &WebhookDeliveryId,
    ) -> QueryResult<Option<WebhookDelivery>> {
        webhook_deliveries::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// The deliveries of `ids` that exist.
    pub fn find_many(
        conn: &mut DbConnection,
        ids: &[WebhookDeliveryId],
    ) -> QueryResult<Vec<WebhookDelivery>> {
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq_any(ids))
            .select(Self::as_select())
            .load(conn)
    }

    pub fn find_of_endpoint(
        conn: &mut DbConnection,
        endpoint_id: &WebhookEndpointId,
        id: &WebhookDeliveryId,
    ) -> QueryResult<Option<WebhookDelivery>> {
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(id))
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// The endpoint's deliveries, newest first (ids are ordered by creation), before the
    /// id `before` when given, of one status when given.
    pub fn of_endpoint(
        conn: &mut DbConnection,
        endpoint_id: &WebhookEndpointId,
        status: Option<DeliveryStatus>,
        before: Option<&WebhookDeliveryId>,
        limit: i64,
    ) -> QueryResult<Vec<WebhookDelivery>> {
        let mut query = webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .select(Self::as_select())
            .order(webhook_deliveries::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(status) = status {
            query = query.filter(webhook_deliveries::status.eq(status));
        }
        if let Some(before) = before {
            query = query.filter(webhook_deliveries::id.lt(before));
        }
        query.load(conn)
    }

    /// Stores how the delivery stands after an attempt (or a hand-made redelivery).
    pub fn save_state(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::update(webhook_deliveries::table.find(&self.id))
            .set((
                webhook_deliveries::status.eq(self.status),
                webhook_deliveries::attempts.eq(self.attempts),
                webhook_deliveries::last_attempt_at.eq(self.last_attempt_at),
                webhook_deliveries::next_attempt_at.eq(self.next_attempt_at),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Turns the endpoint's held deliveries, and those that failed for good since `since`,
    /// back to pending (when it is enabled again), their attempts counted afresh; returns
    /// their ids, oldest first.
    pub fn resume(
        conn: &mut DbConnection,
        endpoint_id: &WebhookEndpointId,
        since: NaiveDateTime,
        at: NaiveDateTime,
    ) -> QueryResult<Vec<WebhookDeliveryId>> {
        let held = webhook_deliveries::status.eq(DeliveryStatus::Held);
        let failed_since = webhook_deliveries::status
            .eq(DeliveryStatus::Failed)
            .and(webhook_deliveries::last_attempt_at.ge(since));
        let missed = webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .filter(held.or(failed_since));
        let ids: Vec<WebhookDeliveryId> = missed
            .select(webhook_deliveries::id)
            .order(webhook_deliveries::id.asc())
            .load(conn)?;
        diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
            .set((
                webhook_deliveries::status.eq(DeliveryStatus::Pending),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(at),
            ))
            .execute(conn)?;
        Ok(ids)
    }

    /// Forgets deliveries (and their attempts) created before `before`.
    pub fn purge(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
        let old = webhook_deliveries::table
            .filter(webhook_deliveries::created_at.lt(before))
            .filter(webhook_deliveries::status.ne(DeliveryStatus::Pending))
            .select(webhook_deliveries::id);
        diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(old)))
            .execute(conn)?;
        diesel::delete(
            webhook_deliveries::table
                .filter(webhook_deliveries::created_at.lt(before))
                .filter(webhook_deliveries::status.ne(DeliveryStatus::Pending)),
        )
        .execute(conn)
    }
}

impl WebhookAttempt {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(webhook_attempts::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// The delivery's attempts, oldest first.
    pub fn of_delivery(
        conn: &mut DbConnection,
        delivery_id: &WebhookDeliveryId,
    ) -> QueryResult<Vec<WebhookAttempt>> {
        webhook_attempts::table
            .filter(webhook_attempts::delivery_id.eq(delivery_id))
            .order(webhook_attempts::attempted_at.asc())
            .select(Self::as_select())
            .load(conn)
    }
}
