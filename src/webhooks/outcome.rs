//! What came of a batch of webhook deliveries, stored in one transaction: each attempt
//! logged, each delivery succeeded, due again (by `schedule`) or failed for good, its job
//! removed or put off, and the endpoint's failing streak kept. An endpoint that has failed
//! for `disable_after_secs` is disabled and its managers are emailed, once.
use chrono::NaiveDateTime;
use minijinja::context;

use super::client::Sent;
use super::schedule::next_attempt;
use super::WebhookSettings;
use crate::db::jobs::Job;
use crate::db::users::User;
use crate::db::webhook_deliveries::{WebhookAttempt, WebhookDelivery};
use crate::db::webhook_endpoints::WebhookEndpoint;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{DeliveryStatus, DisabledReason, WebhookAttemptId, WebhookEndpointId};
use crate::notify::{Envelope, Notifier};

/// A request made (or refused before it left: an address not allowed).
pub struct Attempt {
    pub delivery: WebhookDelivery,
    pub endpoint_id: WebhookEndpointId,
    pub at: NaiveDateTime,
    pub sent: Sent,
}

pub enum Outcome {
    Attempted(Attempt),
    /// The endpoint was disabled since the fan-out: kept until it is enabled again.
    Held(WebhookDelivery),
    /// Not tried this time: another request to its endpoint just failed.
    PutOff(NaiveDateTime),
    /// The delivery no longer exists (its endpoint was deleted).
    Gone,
}

pub fn record(
    conn: &mut DbConnection,
    settings: &WebhookSettings,
    notifier: &Notifier,
    outcomes: Vec<(Job, Outcome)>,
) -> Result<(), DomainError> {
    for (job, outcome) in outcomes {
        match outcome {
            Outcome::Gone => Job::delete(conn, &job.id)?,
            Outcome::PutOff(until) => Job::postpone(conn, &job.id, until)?,
            Outcome::Held(mut delivery) => {
                delivery.status = DeliveryStatus::Held;
                delivery.next_attempt_at = None;
                delivery.save_state(conn)?;
                Job::delete(conn, &job.id)?;
            }
            Outcome::Attempted(attempt) => attempted(conn, settings, notifier, &job, attempt)?,
        }
    }
    Ok(())
}

fn attempted(
    conn: &mut DbConnection,
    settings: &WebhookSettings,
    notifier: &Notifier,
    job: &Job,
    attempt: Attempt,
) -> Result<(), DomainError> {
    let Attempt {
        mut delivery,
        endpoint_id,
        at,
        sent,
    } = attempt;
    let endpoint_id = &endpoint_id;
    let succeeded = sent.succeeded();
    WebhookAttempt {
        id: WebhookAttemptId::generate(),
        delivery_id: delivery.id.clone(),
        attempted_at: at,
        status_code: sent.status.map(i32::from),
        duration_ms: i32::try_from(sent.duration.as_millis()).unwrap_or(i32::MAX),
        error: sent.error.clone(),
    }
    .insert(conn)?;
    delivery.attempts += 1;
    delivery.last_attempt_at = Some(at);
    if succeeded {
        delivery.status = DeliveryStatus::Succeeded;
        delivery.next_attempt_at = None;
        delivery.save_state(conn)?;
        Job::delete(conn, &job.id)?;
        WebhookEndpoint::succeeded(conn, endpoint_id)?;
        return Ok(());
    }
    delivery.next_attempt_at = next_attempt(settings, delivery.attempts, at);
    match delivery.next_attempt_at {
        Some(next) => {
            delivery.status = DeliveryStatus::Pending;
            Job::postpone(conn, &job.id, next)?;
        }
        None => {
            delivery.status = DeliveryStatus::Failed;
            Job::delete(conn, &job.id)?;
        }
    }
    delivery.save_state(conn)?;
    let since = WebhookEndpoint::failed(conn, endpoint_id, at)?.unwrap_or(at);
    if (at - since).num_seconds() >= settings.disable_after_secs {
        let error = failure_text(&sent);
        disable_failing(conn, settings, notifier, endpoint_id, since, &error, at)?;
    }
    Ok(())
}

fn failure_text(sent: &Sent) -> String {
    match (&sent.error, sent.status) {
        (Some(error), _) => error.clone(),
        (None, Some(status)) => format!("HTTP {status}"),
        (None, None) => "no answer".to_owned(),
    }
}

/// Disables the endpoint (when still enabled) and emails its organisation's managers.
fn disable_failing(
    conn: &mut DbConnection,
    settings: &WebhookSettings,
    notifier: &Notifier,
    endpoint_id: &WebhookEndpointId,
    since: NaiveDateTime,
    last_error: &str,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let Some(mut endpoint) = WebhookEndpoint::find(conn, endpoint_id)? else {
        return Ok(());
    };
    if !endpoint.enabled {
        return Ok(());
    }
    endpoint.enabled = false;
    endpoint.disabled_reason = Some(DisabledReason::Failing);
    endpoint.disabled_at = Some(at);
    endpoint.updated_at = at;
    endpoint.save(conn)?;
    tracing::warn!(endpoint_id = %endpoint.id, organisation_id = %endpoint.organisation_id,
        failing_since = %since, "webhook endpoint disabled after failing");
    let failing_days = settings.disable_after_secs / 86_400;
    for user in User::managers_of(conn, &endpoint.organisation_id)? {
        let vars = context! {
            recipient_name => &user.name,
            endpoint_url => &endpoint.url,
            endpoint_id => endpoint.id.as_str(),
            failing_days,
            failing_since => since.format("%Y-%m-%d %H:%M UTC").to_string(),
            last_error,
        };
        let envelope = Envelope {
            message_key: Some(format!(
                "webhook-disabled.{}.{}.{}",
                endpoint.id,
                at.and_utc().timestamp(),
                user.id
            )),
            unsubscribe_url: None,
        };
        let template = "webhook_disabled";
        notifier.queue_with(conn, &user.email, user.language, template, vars, envelope)?;
    }
    Ok(())
}
