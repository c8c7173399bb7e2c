//! /api/v1/webhook-endpoints: an organisation's owners and admins manage where its
//! webhooks go. The signing secret is in the answers to creation and rotation only.
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::api::validated;
use crate::configuration::{Environment, Settings};
use crate::db::now;
use crate::db::webhook_endpoints::WebhookEndpoint;
use crate::domain::{DisabledReason, WebhookEndpointId};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::utc;
use crate::webhooks::endpoints::{self, EndpointChange, EndpointInput, EndpointRules};

#[derive(Deserialize, Validate)]
pub struct EndpointRequest {
    #[validate(length(min = 1, max = 2000))]
    pub url: String,
    #[validate(length(max = 50))]
    pub event_types: Vec<String>,
    #[validate(length(max = 500))]
    #[serde(default)]
    pub description: String,
}

/// PATCH: what is left out stays as it is.
#[derive(Deserialize, Validate)]
pub struct EndpointPatch {
    #[validate(length(min = 1, max = 2000))]
    pub url: Option<String>,
    #[validate(length(max = 50))]
    pub event_types: Option<Vec<String>>,
    #[validate(length(max = 500))]
    pub description: Option<String>,
    pub enabled: Option<bool>,
}

#[derive(Serialize)]
struct EndpointView {
    id: WebhookEndpointId,
    url: String,
    description: String,
    event_types: Vec<String>,
    enabled: bool,
    /// `by_admin`, or `failing` when Terril disabled it; null while enabled.
    disabled_reason: Option<DisabledReason>,
    disabled_at: Option<DateTime<Utc>>,
    /// Since when every attempt has failed; null after a success.
    failing_since: Option<DateTime<Utc>>,
    /// Until when the secret before the last rotation still signs.
    previous_secret_expires_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<WebhookEndpoint> for EndpointView {
    fn from(e: WebhookEndpoint) -> Self {
        Self {
            id: e.id,
            url: e.url,
            description: e.description,
            event_types: e.event_types.split(',').map(str::to_owned).collect(),
            enabled: e.enabled,
            disabled_reason: e.disabled_reason,
            disabled_at: e.disabled_at.map(utc),
            failing_since: e.failing_since.map(utc),
            previous_secret_expires_at: e.previous_secret_expires_at.map(utc),
            created_at: utc(e.created_at),
            updated_at: utc(e.updated_at),
        }
    }
}

#[derive(Serialize)]
struct WithSecret {
    endpoint: EndpointView,
    secret: String,
}

/// POST /api/v1/webhook-endpoints
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<EndpointRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let request = validated(body)?;
    let organisation_id = caller.organisation_id;
    let app = state.clone();
    let (endpoint, secret) = state
        .db
        .write(move |conn| {
            let rules = rules(&app.settings);
            let input = EndpointInput {
                url: request.url,
                event_types: request.event_types,
                description: request.description,
            };
            Ok(endpoints::create(
                conn,
                &organisation_id,
                input,
                &rules,
                now(),
            )?)
        })
        .await?;
    let endpoint = endpoint.into();
    Ok(HttpResponse::Created().json(WithSecret { endpoint, secret }))
}

fn rules(settings: &Settings) -> EndpointRules<'_> {
    EndpointRules {
        https_only: settings.env == Environment::Production,
        allowed_private_hosts: &settings.webhooks.allowed_private_hosts,
        quota: settings.quotas.webhook_endpoints,
    }
}

/// GET /api/v1/webhook-endpoints/{id}
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WebhookEndpointId>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let organisation_id = caller.organisation_id;
    let endpoint = state
        .db
        .read(move |conn| Ok(endpoints::get(conn, &organisation_id, &id)?))
        .await?;
    Ok(HttpResponse::Ok().json(EndpointView::from(endpoint)))
}

/// PATCH /api/v1/webhook-endpoints/{id}: change, disable, enable (which sends what the
/// endpoint missed).
#[tracing::instrument(skip_all)]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WebhookEndpointId>,
    body: Json<EndpointPatch>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let patch = validated(body)?;
    let organisation_id = caller.organisation_id;
    let app = state.clone();
    let endpoint = state
        .db
        .write(move |conn| {
            let change = EndpointChange {
                url: patch.url,
                event_types: patch.event_types,
                description: patch.description,
                enabled: patch.enabled,
            };
            let rules = rules(&app.settings);
            Ok(endpoints::update(
                conn,
                &organisation_id,
                &id,
                change,
                &rules,
                now(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(EndpointView::from(endpoint)))
}

/// GET /api/v1/webhook-endpoints
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let organisation_id = caller.organisation_id;
    let found = state
        .db
        .read(move |conn| Ok(endpoints::list(conn, &organisation_id)?))
        .await?;
    let items: Vec<EndpointView> = found.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// POST /api/v1/webhook-endpoints/{id}/rotate-secret
pub async fn rotate_secret(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WebhookEndpointId>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let organisation_id = caller.organisation_id;
    let (endpoint, secret) = state
        .db
        .write(move |conn| {
            Ok(endpoints::rotate_secret(
                conn,
                &organisation_id,
                &id,
                now(),
            )?)
        })
        .await?;
    let endpoint = endpoint.into();
    Ok(HttpResponse::Ok().json(WithSecret { endpoint, secret }))
}

/// DELETE /api/v1/webhook-endpoints/{id}
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WebhookEndpointId>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let organisation_id = caller.organisation_id;
    state
        .db
        .write(move |conn| Ok(endpoints::delete(conn, &organisation_id, &id)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
