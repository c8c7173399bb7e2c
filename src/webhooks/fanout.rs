//! From events to webhook deliveries: a durable reader of the event feed (cursor
//! [`WEBHOOKS`]) writes, for each event and each endpoint that subscribes to its type and
//! whose organisation may see it, one delivery with its body, in one transaction with the
//! move of the cursor. An event is therefore fanned out once, even when an instance dies
//! midway, and a change rolled back is never sent. A delivery to an enabled endpoint gets a
//! `deliver_webhook` job; one to a disabled endpoint is held until it is enabled again.
use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::payload;
use crate::catalogue::taxonomy::Taxonomy;
use crate::changes::Posts;
use crate::db::events;
use crate::db::feed_cursors::{self, WEBHOOKS};
use crate::db::jobs::Job;
use crate::db::webhook_deliveries::WebhookDelivery;
use crate::db::webhook_endpoints::WebhookEndpoint;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{DeliveryStatus, EventKind, JobKind, OrganisationId, WebhookDeliveryId};

/// Events read per transaction.
const BATCH: i64 = 500;

/// Fans out the events after the cursor; returns how many events were read (0 when
/// another instance holds the cursor). Run it in a write transaction.
pub fn fan_out_batch(
    conn: &mut DbConnection,
    taxonomy: &Taxonomy,
    at: NaiveDateTime,
) -> Result<usize, DomainError> {
    let Some(cursor) = feed_cursors::claim(conn, WEBHOOKS)? else {
        return Ok(0);
    };
    let (batch, _) = events::after(conn, cursor, BATCH)?;
    let Some(last) = batch.last() else {
        return Ok(0);
    };
    let endpoints = WebhookEndpoint::all(conn)?;
    if !endpoints.is_empty() {
        let posts = Posts::load(conn, &batch)?;
        for event in &batch {
            let Some(event_id) = &event.id else { continue };
            // One body per view of the event, however many endpoints want it: a post's
            // owner sees its own view, every other organisation the same public one; a
            // match or reservation is seen by each side its own way.
            let owner = event
                .holder_organisation_id
                .as_ref()
                .or(event.taker_organisation_id.as_ref());
            let post_event = event.match_id.is_none();
            let mut bodies: HashMap<Option<&OrganisationId>, Option<String>> = HashMap::new();
            for endpoint in endpoints.iter().filter(|e| subscribes(e, event.kind)) {
                let org = &endpoint.organisation_id;
                let view = (!post_event || owner == Some(org)).then_some(org);
                let body = match bodies.get(&view) {
                    Some(body) => body.clone(),
                    None => {
                        let body = payload::of_event(conn, &posts, taxonomy, event, org)?;
                        bodies.insert(view, body.clone());
                        body
                    }
                };
                let Some(body) = body else { continue };
                let delivery = WebhookDelivery {
                    id: WebhookDeliveryId::generate(),
                    endpoint_id: endpoint.id.clone(),
                    event_id: Some(event_id.clone()),
                    event_type: event.kind.as_str().to_owned(),
                    payload: body,
                    status: DeliveryStatus::Pending,
                    attempts: 0,
                    last_attempt_at: None,
                    next_attempt_at: Some(at),
                    created_at: at,
                };
                queue(conn, delivery, endpoint.enabled)?;
            }
        }
    }
    feed_cursors::advance(conn, WEBHOOKS, last.cursor(), at)?;
    Ok(batch.len())
}

/// Stores a new delivery with its job, or held when its endpoint is disabled.
pub fn queue(
    conn: &mut DbConnection,
    mut delivery: WebhookDelivery,
    enabled: bool,
) -> Result<(), DomainError> {
    if !enabled {
        delivery.status = DeliveryStatus::Held;
        delivery.next_attempt_at = None;
    }
    if delivery.insert_new(conn)? && enabled {
        let due = delivery.next_attempt_at.unwrap_or(delivery.created_at);
        Job::enqueue(conn, JobKind::DeliverWebhook, &delivery.id, 0, due)?;
    }
    Ok(())
}

/// Whether the endpoint asked for events of `kind`: its types are exact (`match.created`),
/// families (`listing.*`) or `*`.
pub fn subscribes(endpoint: &WebhookEndpoint, kind: EventKind) -> bool {
    let kind = kind.as_str();
    endpoint.event_types.split(',').any(|wanted| {
        wanted == "*"
            || wanted == kind
            || wanted
                .strip_suffix(".*")
                .is_some_and(|family| kind.split('.').next() == Some(family))
    })
}
