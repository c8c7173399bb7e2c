//! An organisation's webhook endpoints, managed by its owners and admins: created with a
//! target that may receive webhooks (see `target`) and the event types wanted, listed,
//! changed (disabled and enabled again included), deleted, and their signing secret
//! rotated (the previous one signs too for 24 hours).
//! The secret is shown at creation and at rotation only.
use chrono::{Duration, NaiveDateTime};

use super::signature::new_secret;
use super::target::{check_url, Refusal};
use crate::db::jobs::Job;
use crate::db::webhook_deliveries::WebhookDelivery;
use crate::db::webhook_endpoints::WebhookEndpoint;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{DisabledReason, EventKind, JobKind, OrganisationId, WebhookEndpointId};

/// How long a rotated-out secret keeps signing.
pub const PREVIOUS_SECRET_HOURS: i64 = 24;

/// What a new endpoint is.
pub struct EndpointInput {
    pub url: String,
    pub event_types: Vec<String>,
    pub description: String,
}

/// The rules that bound endpoints, from the settings.
pub struct EndpointRules<'a> {
    pub https_only: bool,
    pub allowed_private_hosts: &'a [String],
    pub quota: u32,
}

/// Stores a new endpoint; returns it with its secret.
pub fn create(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    input: EndpointInput,
    rules: &EndpointRules<'_>,
    at: NaiveDateTime,
) -> Result<(WebhookEndpoint, String), DomainError> {
    let url = check_url(&input.url, rules.https_only, rules.allowed_private_hosts)
        .map_err(refused_url)?;
    let event_types = checked_event_types(&input.event_types)?;
    let held = WebhookEndpoint::count_of_organisation(conn, organisation_id)?;
    Conflict::check_quota("webhook endpoints", held, rules.quota)?;
    let secret = new_secret();
    let endpoint = WebhookEndpoint {
        id: WebhookEndpointId::generate(),
        organisation_id: organisation_id.clone(),
        url: url.to_string(),
        description: input.description.trim().to_owned(),
        event_types,
        secret: secret.clone(),
        previous_secret: None,
        previous_secret_expires_at: None,
        enabled: true,
        created_at: at,
        updated_at: at,
        failing_since: None,
        disabled_reason: None,
        disabled_at: None,
    };
    endpoint.insert(conn)?;
    Ok((endpoint, secret))
}

/// A new secret for the organisation's endpoint `id`; the current one keeps signing for
/// a day, so receivers can switch without losing a delivery.
pub fn rotate_secret(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
    at: NaiveDateTime,
) -> Result<(WebhookEndpoint, String), DomainError> {
    let mut endpoint =
        WebhookEndpoint::find_of(conn, organisation_id, id)?.ok_or(DomainError::NotFound)?;
    let secret = new_secret();
    endpoint.previous_secret = Some(std::mem::replace(&mut endpoint.secret, secret.clone()));
    endpoint.previous_secret_expires_at = Some(at + Duration::hours(PREVIOUS_SECRET_HOURS));
    endpoint.updated_at = at;
    endpoint.save(conn)?;
    Ok((endpoint, secret))
}

/// What a change of an endpoint names; what it leaves out stays as it is.
#[derive(Default)]
pub struct EndpointChange {
    pub url: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub description: Option<String>,
    pub enabled: Option<bool>,
}

/// Changes the organisation's endpoint `id`. Disabling keeps what happens meanwhile;
/// enabling again sends what it missed: the deliveries held while it was disabled and
/// those that failed since its failures began, their attempts counted afresh.
pub fn update(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
    change: EndpointChange,
    rules: &EndpointRules<'_>,
    at: NaiveDateTime,
) -> Result<WebhookEndpoint, DomainError> {
    let mut endpoint =
        WebhookEndpoint::find_of(conn, organisation_id, id)?.ok_or(DomainError::NotFound)?;
    if let Some(url) = change.url {
        let url =
            check_url(&url, rules.https_only, rules.allowed_private_hosts).map_err(refused_url)?;
        endpoint.url = url.to_string();
    }
    if let Some(types) = change.event_types {
        endpoint.event_types = checked_event_types(&types)?;
    }
    if let Some(description) = change.description {
        endpoint.description = description.trim().to_owned();
    }
    match change.enabled {
        Some(false) if endpoint.enabled => {
            endpoint.enabled = false;
            endpoint.disabled_reason = Some(DisabledReason::ByAdmin);
            endpoint.disabled_at = Some(at);
        }
        Some(true) if !endpoint.enabled => {
            let missed_since = [endpoint.failing_since, endpoint.disabled_at]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(at);
            endpoint.enabled = true;
            endpoint.disabled_reason = None;
            endpoint.disabled_at = None;
            endpoint.failing_since = None;
            for delivery in WebhookDelivery::resume(conn, &endpoint.id, missed_since, at)? {
                Job::enqueue(conn, JobKind::DeliverWebhook, &delivery, 0, at)?;
            }
        }
        _ => {}
    }
    endpoint.updated_at = at;
    endpoint.save(conn)?;
    Ok(endpoint)
}

/// The organisation's endpoint `id`.
pub fn get(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
) -> Result<WebhookEndpoint, DomainError> {
    WebhookEndpoint::find_of(conn, organisation_id, id)?.ok_or(DomainError::NotFound)
}

/// The organisation's endpoints, oldest first.
pub fn list(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<Vec<WebhookEndpoint>, DomainError> {
    Ok(WebhookEndpoint::of_organisation(conn, organisation_id)?)
}

pub fn delete(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &WebhookEndpointId,
) -> Result<(), DomainError> {
    if WebhookEndpoint::delete_of(conn, organisation_id, id)? {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// Event types as stored: exact types (`listing.published`), families (`listing.*`) or
/// `*`, sorted and without repeats.
fn checked_event_types(types: &[String]) -> Result<String, DomainError> {
    if types.is_empty() {
        return Err(DomainError::field(
            "event_types",
            "required",
            "name at least one event type, or *",
        ));
    }
    let mut checked: Vec<&str> = Vec::with_capacity(types.len());
    for (n, wanted) in types.iter().enumerate() {
        if !is_event_type(wanted) {
            let message = "not an event type: see the list in the API reference";
            return Err(DomainError::field(
                &format!("event_types.{n}"),
                "unknown",
                message,
            ));
        }
        checked.push(wanted);
    }
    checked.sort_unstable();
    checked.dedup();
    Ok(checked.join(","))
}

fn is_event_type(wanted: &str) -> bool {
    if wanted == "*" {
        return true;
    }
    match wanted.strip_suffix(".*") {
        Some(family) => EventKind::ALL
            .iter()
            .any(|k| k.as_str().split('.').next() == Some(family)),
        None => EventKind::ALL.iter().any(|k| k.as_str() == wanted),
    }
}

fn refused_url(refusal: Refusal) -> DomainError {
    DomainError::field("url", "not_allowed", &refusal.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_exact_types_families_or_everything() {
        let types = |list: &[&str]| {
            checked_event_types(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            types(&["match.created", "listing.*", "match.created"]).unwrap(),
            "listing.*,match.created"
        );
        assert_eq!(types(&["*"]).unwrap(), "*");
        assert!(types(&["listing.sold"]).is_err());
        assert!(types(&["invoice.*"]).is_err());
        assert!(types(&[]).is_err());
    }
}
