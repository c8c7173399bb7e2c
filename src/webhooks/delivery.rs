//! Delivering webhooks: every process that delivers emails also claims `deliver_webhook`
//! jobs, sends them at once to many endpoints (and a few at once to each), then stores
//! every outcome in one transaction (`outcome`). A delivery is sent at least once: its job
//! leaves the queue only in the transaction that records a 2xx answer or the last failed
//! attempt, and a process that dies mid-batch leaves leases that run out. Every attempt
//! carries the delivery's id as `webhook-id`, and the same body.
//!
//! One endpoint failing does not hold the others back, nor fill the batch: once one of its
//! requests fails, its other deliveries in the batch are put off without an attempt.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use futures_util::stream::{self, StreamExt};
use tokio::sync::watch;

use super::client::{Sender, Sent};
use super::outcome::{self, Attempt, Outcome};
use super::signature::sign;
use super::WebhookSettings;
use crate::db::jobs::Job;
use crate::db::webhook_deliveries::WebhookDelivery;
use crate::db::webhook_endpoints::WebhookEndpoint;
use crate::db::{now, Db};
use crate::domain::{JobKind, WebhookDeliveryId, WebhookEndpointId};
use crate::notify::Notifier;

pub struct Dispatcher {
    db: Db,
    sender: Sender,
    settings: WebhookSettings,
    notifier: Arc<Notifier>,
}

/// A claimed job and what it delivers (None when the delivery is gone: its endpoint was
/// deleted).
struct Work {
    job: Job,
    delivery: Option<(WebhookDelivery, WebhookEndpoint)>,
}

impl Dispatcher {
    pub fn new(
        db: Db,
        settings: WebhookSettings,
        https_only: bool,
        notifier: Arc<Notifier>,
    ) -> anyhow::Result<Self> {
        let timeout = Duration::from_secs(settings.timeout_secs);
        let sender = Sender::new(timeout, https_only, settings.allowed_private_hosts.clone())?;
        Ok(Self {
            db,
            sender,
            settings,
            notifier,
        })
    }

    /// Runs until `stop` turns true; the batch in hand is finished first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let poll = Duration::from_millis(self.settings.poll_interval_ms);
        while !*stop.borrow() {
            let worked = match self.run_due().await {
                Ok(count) => count > 0,
                Err(e) => {
                    tracing::warn!(error = format!("{e:#}"), "webhook delivery failed");
                    false
                }
            };
            if !worked {
                tokio::select! {
                    _ = tokio::time::sleep(poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }

    /// Claims, sends and records one batch; returns how many jobs were claimed.
    pub async fn run_due(&self) -> anyhow::Result<usize> {
        let work = self.claim().await?;
        let count = work.len();
        if count == 0 {
            return Ok(0);
        }
        let mut by_endpoint: HashMap<WebhookEndpointId, Vec<Work>> = HashMap::new();
        let mut outcomes = Vec::with_capacity(count);
        for Work { job, delivery } in work {
            match delivery {
                Some((delivery, endpoint)) if endpoint.enabled => {
                    let id = endpoint.id.clone();
                    let work = Work {
                        job,
                        delivery: Some((delivery, endpoint)),
                    };
                    by_endpoint.entry(id).or_default().push(work);
                }
                Some((delivery, _)) => outcomes.push((job, Outcome::Held(delivery))),
                None => outcomes.push((job, Outcome::Gone)),
            }
        }
        let sent: Vec<Vec<(Job, Outcome)>> = stream::iter(by_endpoint.into_values())
            .map(|group| self.send_group(group))
            .buffer_unordered(self.settings.endpoints_in_flight.max(1))
            .collect()
            .await;
        outcomes.extend(sent.into_iter().flatten());
        let (settings, notifier) = (self.settings.clone(), self.notifier.clone());
        self.db
            .transact(move |conn| outcome::record(conn, &settings, &notifier, outcomes))
            .await?;
        Ok(count)
    }

    async fn claim(&self) -> anyhow::Result<Vec<Work>> {
        let claimed_at = now();
        // Long enough for the slowest batch: each endpoint's share in turns of timeouts.
        let turns = (self.settings.batch_size as u64)
            .div_ceil(self.settings.requests_per_endpoint.max(1) as u64)
            .min(4);
        let lease = self.settings.timeout_secs * (turns + 2) + 30;
        let lease_until = claimed_at + chrono::Duration::seconds(lease as i64);
        let limit = self.settings.batch_size;
        let kinds = [JobKind::DeliverWebhook];
        if !self
            .db
            .run(move |conn| anyhow::Ok(Job::any_due(conn, &kinds, claimed_at)?))
            .await?
        {
            return Ok(Vec::new());
        }
        self.db
            .transact(move |conn| {
                let jobs = Job::claim_due(conn, &kinds, claimed_at, lease_until, limit)?;
                anyhow::Ok(with_deliveries(conn, jobs)?)
            })
            .await
    }

    /// Sends one endpoint's deliveries, a few at a time; after a failure the rest wait.
    async fn send_group(&self, group: Vec<Work>) -> Vec<(Job, Outcome)> {
        let mut outcomes = Vec::with_capacity(group.len());
        let mut items = group.into_iter();
        let chunk = self.settings.requests_per_endpoint.max(1);
        loop {
            let batch: Vec<Work> = items.by_ref().take(chunk).collect();
            if batch.is_empty() {
                break;
            }
            let sent =
                futures_util::future::join_all(batch.into_iter().map(|w| self.attempt(w))).await;
            let failed = sent
                .iter()
                .any(|(_, o)| matches!(o, Outcome::Attempted(a) if !a.sent.succeeded()));
            outcomes.extend(sent);
            if failed {
                let until = now() + chrono::Duration::seconds(self.settings.retry_base_secs as i64);
                outcomes.extend(items.map(|w| (w.job, Outcome::PutOff(until))));
                break;
            }
        }
        outcomes
    }

    async fn attempt(&self, work: Work) -> (Job, Outcome) {
        let Some((delivery, endpoint)) = work.delivery else {
            return (work.job, Outcome::Gone);
        };
        let at = now();
        let timestamp = at.and_utc().timestamp();
        let secrets = signing_secrets(&endpoint, at);
        let sent = match sign(
            &secrets,
            &delivery.id,
            timestamp,
            delivery.payload.as_bytes(),
        ) {
            Some(signature) => {
                let body = delivery.payload.clone();
                let url = &endpoint.url;
                (self.sender)
                    .send(url, &delivery.id, timestamp, &signature, body)
                    .await
            }
            None => unsigned(),
        };
        let outcome = Outcome::Attempted(Attempt {
            delivery,
            endpoint_id: endpoint.id,
            at,
            sent,
        });
        (work.job, outcome)
    }
}

/// Each claimed job with its delivery and endpoint, read in two queries.
fn with_deliveries(
    conn: &mut crate::db::DbConnection,
    jobs: Vec<Job>,
) -> diesel::QueryResult<Vec<Work>> {
    let ids: Vec<WebhookDeliveryId> = jobs
        .iter()
        .filter_map(|job| WebhookDeliveryId::parse(job.subject_id.as_deref()?))
        .collect();
    let mut deliveries: HashMap<WebhookDeliveryId, WebhookDelivery> =
        WebhookDelivery::find_many(conn, &ids)?
            .into_iter()
            .map(|d| (d.id.clone(), d))
            .collect();
    let endpoint_ids: Vec<WebhookEndpointId> =
        deliveries.values().map(|d| d.endpoint_id.clone()).collect();
    let endpoints: HashMap<WebhookEndpointId, WebhookEndpoint> =
        WebhookEndpoint::find_many(conn, &endpoint_ids)?
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
    Ok(jobs
        .into_iter()
        .map(|job| {
            let delivery = job
                .subject_id
                .as_deref()
                .and_then(WebhookDeliveryId::parse)
                .and_then(|id| deliveries.remove(&id))
                .and_then(|d| {
                    let endpoint = endpoints.get(&d.endpoint_id)?.clone();
                    Some((d, endpoint))
                });
            Work { job, delivery }
        })
        .collect())
}

/// The secrets that sign now: the current one, and the one before a rotation for its day.
fn signing_secrets(endpoint: &WebhookEndpoint, at: NaiveDateTime) -> Vec<&str> {
    let mut secrets = vec![endpoint.secret.as_str()];
    if let (Some(previous), Some(until)) = (
        &endpoint.previous_secret,
        endpoint.previous_secret_expires_at,
    ) {
        if at < until {
            secrets.push(previous);
        }
    }
    secrets
}

fn unsigned() -> Sent {
    Sent {
        status: None,
        duration: Duration::ZERO,
        error: Some("the endpoint's secret cannot sign".to_owned()),
    }
}
