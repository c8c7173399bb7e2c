//! /api/v1/webhook-endpoints/{id}/deliveries and /test: what was sent to an endpoint, each
//! attempt, redelivery by hand, and a test message. Owners and admins only.
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::db::webhook_deliveries::{WebhookAttempt, WebhookDelivery};
use crate::domain::pagination::{checked_limit, Page};
use crate::domain::{DeliveryStatus, WebhookDeliveryId, WebhookEndpointId};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::utc;
use crate::webhooks::deliveries;

#[derive(Deserialize)]
pub struct DeliveriesQuery {
    pub status: Option<DeliveryStatus>,
    pub limit: Option<i64>,
    pub cursor: Option<WebhookDeliveryId>,
}

#[derive(Serialize)]
struct DeliveryView {
    /// The `webhook-id` header of every attempt.
    id: WebhookDeliveryId,
    endpoint_id: WebhookEndpointId,
    /// The event's id; null for a test message.
    event_id: Option<String>,
    event_type: String,
    status: DeliveryStatus,
    attempts: i32,
    last_attempt_at: Option<DateTime<Utc>>,
    next_attempt_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    /// The body sent, as a JSON value.
    payload: serde_json::Value,
}

impl From<WebhookDelivery> for DeliveryView {
    fn from(d: WebhookDelivery) -> Self {
        Self {
            payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
            id: d.id,
            endpoint_id: d.endpoint_id,
            event_id: d.event_id.map(|e| e.to_string()),
            event_type: d.event_type,
            status: d.status,
            attempts: d.attempts,
            last_attempt_at: d.last_attempt_at.map(utc),
            next_attempt_at: d.next_attempt_at.map(utc),
            created_at: utc(d.created_at),
        }
    }
}

#[derive(Serialize)]
struct AttemptView {
    attempted_at: DateTime<Utc>,
    /// The receiver's status code; null when no answer came.
    status_code: Option<i32>,
    duration_ms: i32,
    error: Option<String>,
}

impl From<WebhookAttempt> for AttemptView {
    fn from(a: WebhookAttempt) -> Self {
        Self {
            attempted_at: utc(a.attempted_at),
            status_code: a.status_code,
            duration_ms: a.duration_ms,
            error: a.error,
        }
    }
}

#[derive(Serialize)]
struct DeliveryDetail {
    #[serde(flatten)]
    delivery: DeliveryView,
    attempts_log: Vec<AttemptView>,
}

type DeliveryPath = web::Path<(WebhookEndpointId, WebhookDeliveryId)>;

/// GET /api/v1/webhook-endpoints/{id}/deliveries: newest first.
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WebhookEndpointId>,
    query: web::Query<DeliveriesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let limit = checked_limit(query.limit)?;
    let query = query.into_inner();
    let organisation_id = caller.organisation_id;
    let found = state
        .db
        .read(move |conn| {
            Ok(deliveries::list(
                conn,
                &organisation_id,
                &id,
                query.status,
                query.cursor.as_ref(),
                limit,
            )?)
        })
        .await?;
    let next_cursor = match found.last() {
        Some(last) if found.len() as i64 == limit => Some(last.id.to_string()),
        _ => None,
    };
    let items: Vec<DeliveryView> = found.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// GET /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}: with every attempt.
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    path: DeliveryPath,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let (id, delivery_id) = path.into_inner();
    let organisation_id = caller.organisation_id;
    let (delivery, attempts) = state
        .db
        .read(move |conn| Ok(deliveries::get(conn, &organisation_id, &id, &delivery_id)?))
        .await?;
    Ok(HttpResponse::Ok().json(DeliveryDetail {
        delivery: delivery.into(),
        attempts_log: attempts.into_iter().map(Into::into).collect(),
    }))
}

/// POST /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver
pub async fn redeliver(
    state: web::Data<AppState>,
    caller: Caller,
    path: DeliveryPath,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let (id, delivery_id) = path.into_inner();
    let organisation_id = caller.organisation_id;
    let delivery = state
        .db
        .write(move |conn| {
            Ok(deliveries::redeliver(
                conn,
                &organisation_id,
                &id,
                &delivery_id,
                now(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(DeliveryView::from(delivery)))
}

/// POST /api/v1/webhook-endpoints/{id}/test: a `webhook.test` message, sent at once.
pub async fn send_test(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WebhookEndpointId>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let organisation_id = caller.organisation_id;
    let delivery = state
        .db
        .write(move |conn| Ok(deliveries::send_test(conn, &organisation_id, &id, now())?))
        .await?;
    Ok(HttpResponse::Accepted().json(DeliveryView::from(delivery)))
}
