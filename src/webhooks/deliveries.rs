//! What an organisation's managers do with the deliveries of one of its endpoints: list
//! them, read one with its attempts, redeliver one by hand (same `webhook-id`, same body),
//! and send a test message.
use chrono::NaiveDateTime;

use super::fanout;
use super::payload::{test_message, TEST_TYPE};
use crate::db::jobs::Job;
use crate::db::webhook_deliveries::{WebhookAttempt, WebhookDelivery};
use crate::db::webhook_endpoints::WebhookEndpoint;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{
    DeliveryStatus, JobKind, OrganisationId, WebhookDeliveryId, WebhookEndpointId,
};

/// The organisation's enabled endpoint `id`.
fn enabled_endpoint(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
) -> Result<WebhookEndpoint, DomainError> {
    let endpoint =
        WebhookEndpoint::find_of(conn, organisation_id, id)?.ok_or(DomainError::NotFound)?;
    if !endpoint.enabled {
        return Err(Conflict::EndpointDisabled.into());
    }
    Ok(endpoint)
}

/// Queues a `webhook.test` message to the endpoint; returns its delivery.
pub fn send_test(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
    at: NaiveDateTime,
) -> Result<WebhookDelivery, DomainError> {
    let endpoint = enabled_endpoint(conn, organisation_id, id)?;
    let delivery = WebhookDelivery {
        id: WebhookDeliveryId::generate(),
        endpoint_id: endpoint.id.clone(),
        event_id: None,
        event_type: TEST_TYPE.to_owned(),
        payload: test_message(&endpoint.id, at),
        status: DeliveryStatus::Pending,
        attempts: 0,
        last_attempt_at: None,
        next_attempt_at: Some(at),
        created_at: at,
    };
    fanout::queue(conn, delivery.clone(), true)?;
    Ok(delivery)
}

/// A page of the endpoint's deliveries, newest first.
pub fn list(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
    status: Option<DeliveryStatus>,
    before: Option<&WebhookDeliveryId>,
    limit: i64,
) -> Result<Vec<WebhookDelivery>, DomainError> {
    WebhookEndpoint::find_of(conn, organisation_id, id)?.ok_or(DomainError::NotFound)?;
    Ok(WebhookDelivery::of_endpoint(
        conn, id, status, before, limit,
    )?)
}

/// One delivery of the endpoint, with its attempts, oldest first.
pub fn get(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
    delivery_id: &WebhookDeliveryId,
) -> Result<(WebhookDelivery, Vec<WebhookAttempt>), DomainError> {
    WebhookEndpoint::find_of(conn, organisation_id, id)?.ok_or(DomainError::NotFound)?;
    let delivery =
        WebhookDelivery::find_of_endpoint(conn, id, delivery_id)?.ok_or(DomainError::NotFound)?;
    let attempts = WebhookAttempt::of_delivery(conn, delivery_id)?;
    Ok((delivery, attempts))
}

/// Sends the delivery again, now, whatever became of it, with its attempts counted
/// afresh; a delivery still pending is left to its schedule.
pub fn redeliver(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
    delivery_id: &WebhookDeliveryId,
    at: NaiveDateTime,
) -> Result<WebhookDelivery, DomainError> {
    enabled_endpoint(conn, organisation_id, id)?;
    let mut delivery =
        WebhookDelivery::find_of_endpoint(conn, id, delivery_id)?.ok_or(DomainError::NotFound)?;
    if delivery.status != DeliveryStatus::Pending {
        delivery.status = DeliveryStatus::Pending;
        delivery.attempts = 0;
        delivery.next_attempt_at = Some(at);
        delivery.save_state(conn)?;
        Job::enqueue(conn, JobKind::DeliverWebhook, &delivery.id, 0, at)?;
    }
    Ok(delivery)
}
